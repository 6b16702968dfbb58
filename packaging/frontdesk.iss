; Inno Setup recipe for the Windows installer of FrontDesk (see docs/packaging.md).
; Build the one-folder bundle on Windows first (make bundle, or
; `pyinstaller --noconfirm --clean build.spec`), then:
;   iscc /DAppVersion=0.1.0 packaging\frontdesk.iss
; Sign the result (see docs/packaging.md, "Code signing").

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1C2B7E-6A57-4C43-9C1E-0D5B2B1F7A11}
AppName=FrontDesk
AppVersion={#AppVersion}
AppPublisher=FrontDesk
DefaultDirName={autopf}\FrontDesk
DefaultGroupName=FrontDesk
; Per-machine install: one IT person sets up the laptop for every operator.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=FrontDesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Profiles live in each user's %LOCALAPPDATA%\FrontDesk: never removed by uninstall.
UninstallDisplayIcon={app}\frontdesk.exe

[Languages]
Name: "ukrainian"; MessagesFile: "compiler:Languages\Ukrainian.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[InstallDelete]
; An update replaces the whole bundle. Without this, files of the version before that this
; one no longer ships (a Qt plugin excluded since, a library renamed) stayed in _internal,
; and Qt loads every plugin it finds there. Profiles live elsewhere (%LOCALAPPDATA%).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\frontdesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\FrontDesk"; Filename: "{app}\frontdesk.exe"; Parameters: "gui"
Name: "{commondesktop}\FrontDesk"; Filename: "{app}\frontdesk.exe"; Parameters: "gui"

[Run]
Filename: "{app}\frontdesk.exe"; Parameters: "gui"; Description: "Запустити FrontDesk"; Flags: nowait postinstall skipifsilent
