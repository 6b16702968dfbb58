<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk" sourcelanguage="en">
<context>
    <name>AutoBackup</name>
    <message>
        <location filename="../../ui/auto_backup.py" line="118"/>
        <source>Daily backup written: %1</source>
        <translation>Щоденну резервну копію записано: %1</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="125"/>
        <source>The daily backup failed: %1</source>
        <translation>Щоденна резервна копія не вдалася: %1</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../ui/backup_dialog.py" line="50"/>
        <source>Where to write the backup</source>
        <translation>Куди записати резервну копію</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="52"/>
        <source>FrontDesk backups (*.fdbackup)</source>
        <translation>Резервні копії FrontDesk (*.fdbackup)</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="60"/>
        <source>%1 MB</source>
        <translation>%1 МБ</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="73"/>
        <source>Back up the profile</source>
        <translation>Резервна копія профілю</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="77"/>
        <source>The backup holds every application and attachment of this workstation, encrypted with the passphrase below. Making it takes a few seconds (a minute or so with many scans); this window stays until it is made, and the form keeps saving what was typed meanwhile.</source>
        <translation>Резервна копія містить усі заяви й вкладення цього робочого місця, зашифровані паролем нижче. Вона робиться кілька секунд (з багатьма скан-копіями — близько хвилини); це вікно лишається, доки її не буде зроблено, а форма тим часом і далі зберігає введене.</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="92"/>
        <source>Create the backup</source>
        <translation>Створити резервну копію</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="98"/>
        <source>Backup file:</source>
        <translation>Файл резервної копії:</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="121"/>
        <source>Writing the backup…</source>
        <translation>Записую резервну копію…</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="146"/>
        <source>The backup is written: %1
Applications in it: %2; size: %3. Keep the passphrase apart from the backup file.</source>
        <translation>Резервну копію записано: %1
Заяв у ній: %2; розмір: %3. Зберігайте пароль окремо від файлу копії.</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="160"/>
        <source>The backup was not written: %1</source>
        <translation>Резервну копію не записано: %1</translation>
    </message>
</context>
<context>
    <name>BackupWidgets</name>
    <message>
        <location filename="../../ui/backup_widgets.py" line="62"/>
        <source>The file or folder cannot be written or read: %1</source>
        <translation>Не вдалося записати або прочитати файл чи теку: %1</translation>
    </message>
    <message>
        <location filename="../../ui/backup_widgets.py" line="66"/>
        <source>Something went wrong inside the program; the details are in the log.</source>
        <translation>Сталася внутрішня помилка програми; подробиці записано в журнал.</translation>
    </message>
</context>
<context>
    <name>DailyBackupDialog</name>
    <message>
        <location filename="../../ui/auto_backup.py" line="129"/>
        <source>Folder for the daily backups</source>
        <translation>Тека для щоденних резервних копій</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="143"/>
        <source>Daily backup</source>
        <translation>Щоденне резервне копіювання</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="147"/>
        <source>Once a day, while FrontDesk runs, it writes a backup into this folder by itself and keeps the newest ones. Choose a USB disk or a network folder: a copy on this computer&apos;s own disk is lost with the computer.</source>
        <translation>Раз на день, поки FrontDesk працює, програма сама записує резервну копію в цю теку й зберігає найновіші. Виберіть USB-диск або мережеву теку: копія на диску цього ж комп&apos;ютера пропаде разом із ним.</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="171"/>
        <source>Folder:</source>
        <translation>Тека:</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="172"/>
        <source>How many to keep:</source>
        <translation>Скільки копій зберігати:</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="173"/>
        <source>Last daily backup:</source>
        <translation>Остання щоденна копія:</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="165"/>
        <source>Last failure:</source>
        <translation>Остання невдала спроба:</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="192"/>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="181"/>
        <source>reading…</source>
        <translation>читаю…</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="194"/>
        <source>none yet</source>
        <translation>ще не було</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="199"/>
        <source>The passphrase of the daily backup is not stored on this computer (for example, after a restore). Type it again, or no daily backup is made.</source>
        <translation>Пароль щоденних копій не збережено на цьому комп&apos;ютері (наприклад, після відновлення). Введіть його ще раз, інакше щоденні копії не робитимуться.</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="184"/>
        <source>Turn off daily backups</source>
        <translation>Вимкнути щоденні копії</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="268"/>
        <source>Stop the daily backups? No more copies are made into %1; the copies already there stay. The daily backups&apos; passphrase is removed from this computer.</source>
        <translation>Вимкнути щоденні резервні копії? У %1 більше не записуватимуться нові копії; уже зроблені там лишаються. Пароль щоденних копій буде видалено з цього комп&apos;ютера.</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="272"/>
        <source>Turn off</source>
        <translation>Вимкнути</translation>
    </message>
    <message>
        <location filename="../../ui/auto_backup.py" line="299"/>
        <source>Daily backups are turned off. The copies already made stay in %1.</source>
        <translation>Щоденні резервні копії вимкнено. Уже зроблені копії лишаються в %1.</translation>
    </message>
</context>
<context>
    <name>PassphraseFields</name>
    <message>
        <location filename="../../ui/backup_widgets.py" line="90"/>
        <source>The backup passphrase: at least %1 characters. Write it down and keep it apart from this computer: without it the backup cannot be restored.</source>
        <translation>Пароль резервної копії: щонайменше %1 символів. Запишіть його й зберігайте окремо від цього комп&apos;ютера: без нього копію не відновити.</translation>
    </message>
    <message>
        <location filename="../../ui/backup_widgets.py" line="98"/>
        <source>Passphrase:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location filename="../../ui/backup_widgets.py" line="100"/>
        <source>The passphrase again:</source>
        <translation>Пароль ще раз:</translation>
    </message>
    <message>
        <location filename="../../ui/backup_widgets.py" line="109"/>
        <source>leave empty to keep the stored one</source>
        <translation>залиште порожнім, щоб не змінювати збережений</translation>
    </message>
    <message>
        <location filename="../../ui/backup_widgets.py" line="124"/>
        <source>The passphrase is too short: %1 of at least %2 characters.</source>
        <translation>Пароль закороткий: введено %1, а потрібно щонайменше %2 символів.</translation>
    </message>
    <message>
        <location filename="../../ui/backup_widgets.py" line="129"/>
        <source>The two passphrases differ.</source>
        <translation>Паролі не збігаються.</translation>
    </message>
    <message>
        <location filename="../../ui/backup_widgets.py" line="131"/>
        <source>This passphrase is too easy to guess (a common one, a few characters repeated, or keys in a row). Use a few words.</source>
        <translation>Цей пароль надто легко вгадати (поширений, з кількох однакових знаків чи клавіші підряд). Візьміть кілька слів.</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <location filename="../../ui/backup_widgets.py" line="156"/>
        <source>Choose…</source>
        <translation>Вибрати…</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../ui/restore.py" line="102"/>
        <source>The backup file</source>
        <translation>Файл резервної копії</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="104"/>
        <source>FrontDesk backups (*.fdbackup);;All files (*)</source>
        <translation>Резервні копії FrontDesk (*.fdbackup);;Усі файли (*)</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="112"/>
        <source>A new, empty folder for the profile</source>
        <translation>Нова порожня тека для профілю</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="140"/>
        <source>Restore from a backup</source>
        <translation>Відновлення з резервної копії</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="144"/>
        <source>A restore never changes the profile you work in now. It creates a new profile from the backup file in an empty folder; then FrontDesk can open it. Operators sign in with the passwords they had when the backup was made.</source>
        <translation>Відновлення ніколи не змінює профіль, у якому ви працюєте зараз. Воно створює з файлу копії новий профіль у порожній теці; потім FrontDesk може його відкрити. Оператори входять із паролями, які мали на момент створення копії.</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="150"/>
        <source>For a replacement computer: the profile is restored from the backup file into the folder FrontDesk uses here (%1). Operators then sign in with the passwords they had when the backup was made.</source>
        <translation>Для нового (замінного) комп&apos;ютера: профіль відновлюється з файлу копії в теку, якою FrontDesk користується тут (%1). Потім оператори входять із паролями, які мали на момент створення копії.</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="169"/>
        <source>Restore</source>
        <translation>Відновити</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="171"/>
        <source>Open the restored profile</source>
        <translation>Відкрити відновлений профіль</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="171"/>
        <source>Go on to sign in</source>
        <translation>Перейти до входу</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="180"/>
        <source>Backup file:</source>
        <translation>Файл резервної копії:</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="182"/>
        <source>New profile folder:</source>
        <translation>Тека нового профілю:</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="185"/>
        <source>Backup passphrase:</source>
        <translation>Пароль резервної копії:</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="210"/>
        <source>Restoring… (checking the passphrase, then copying)</source>
        <translation>Відновлюю… (перевіряю пароль, потім копіюю)</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="236"/>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="238"/>
        <source>Restored. Applications: %1; operators: %2.</source>
        <translation>Відновлено. Заяв: %1; оператори: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="246"/>
        <source>The restored profile is in %1. The profile you work in now stays as it was, and a plain start of FrontDesk still opens it. To work in the restored one later, start: %2</source>
        <translation>Відновлений профіль — у теці %1. Профіль, у якому ви працюєте зараз, лишається без змін, і звичайний запуск FrontDesk відкриває саме його. Щоб працювати у відновленому пізніше, запустіть: %2</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="256"/>
        <source>Daily backups were set up: type their passphrase again in Service → Daily backup (it stays in the old computer&apos;s keyring).</source>
        <translation>Було налаштовано щоденні копії: введіть їхній пароль ще раз у меню Обслуговування → Щоденне резервне копіювання (він лишився в сховищі паролів старого комп&apos;ютера).</translation>
    </message>
    <message>
        <location filename="../../ui/restore.py" line="274"/>
        <source>The folder %1 is not empty. Choose a new, empty folder (or type the name of one that does not exist yet): nothing was changed.</source>
        <translation>Тека %1 не порожня. Виберіть нову порожню теку (або введіть назву ще не створеної): нічого не змінено.</translation>
    </message>
</context>
<context>
    <name>ServiceMenu</name>
    <message>
        <source>Change my password…</source>
        <translation>Змінити мій пароль…</translation>
    </message>
    <message>
        <source>Your password is changed.</source>
        <translation>Ваш пароль змінено.</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="50"/>
        <source>&amp;Service</source>
        <translation>&amp;Обслуговування</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="51"/>
        <source>Back up…</source>
        <translation>Резервна копія…</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="52"/>
        <source>Daily backup…</source>
        <translation>Щоденне резервне копіювання…</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="53"/>
        <source>Diagnostics…</source>
        <translation>Діагностика…</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="54"/>
        <source>Restore from a backup…</source>
        <translation>Відновити з резервної копії…</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="76"/>
        <source>Backup written: %1</source>
        <translation>Резервну копію записано: %1</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="89"/>
        <source>Daily backup is set up.</source>
        <translation>Щоденне резервне копіювання налаштовано.</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="100"/>
        <source>Where to write the diagnostics file</source>
        <translation>Куди записати файл діагностики</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="102"/>
        <source>Diagnostics (*.json)</source>
        <translation>Діагностика (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="108"/>
        <source>Writing the diagnostics file (checking the database)…</source>
        <translation>Записую файл діагностики (перевіряю базу даних)…</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="118"/>
        <source>Diagnostics file written: %1</source>
        <translation>Файл діагностики записано: %1</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="121"/>
        <location filename="../../ui/operations.py" line="135"/>
        <source>Diagnostics</source>
        <translation>Діагностика</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="123"/>
        <source>The diagnostics file is written:
%1

It holds versions, counts, the database check and error codes — no personal data: no names, РНОКПП, addresses or anything else from the applications. Send it to your administrator as it is.</source>
        <translation>Файл діагностики записано:
%1

У ньому версії, лічильники, перевірка бази даних і коди помилок — жодних персональних даних: ні імен, ні РНОКПП, ні адрес, нічого із заяв. Надішліть його адміністраторові як є.</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="136"/>
        <source>The diagnostics file was not written: %1</source>
        <translation>Файл діагностики не записано: %1</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="162"/>
        <source>Restore from a backup</source>
        <translation>Відновлення з резервної копії</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="163"/>
        <source>FrontDesk could not be started by itself. Start it with:
%1</source>
        <translation>Не вдалося запустити FrontDesk автоматично. Запустіть його так:
%1</translation>
    </message>
</context>
<context>
    <name>WizardRestore</name>
    <message>
        <location filename="../../ui/restore.py" line="304"/>
        <source>Restore from a backup…</source>
        <translation>Відновити з резервної копії…</translation>
    </message>
</context>
<context>
    <name>RetentionRunner</name>
    <message numerus="yes">
        <source>Personal data of %n decided application(s) removed from this computer: the retention period after the decision is over (the registry keeps them).</source>
        <translation>
            <numerusform>Персональні дані %n вирішеної заяви видалено з цього комп'ютера: минув строк зберігання після рішення (їх зберігає реєстр).</numerusform>
            <numerusform>Персональні дані %n вирішених заяв видалено з цього комп'ютера: минув строк зберігання після рішення (їх зберігає реєстр).</numerusform>
            <numerusform>Персональні дані %n вирішених заяв видалено з цього комп'ютера: минув строк зберігання після рішення (їх зберігає реєстр).</numerusform>
        </translation>
    </message>
    <message>
        <source>Drafts not changed for over %1 days: %2 — they hold residents' personal data; finish or discard them (in the journal: status «%3»).</source>
        <translation>Чернеток без змін понад %1 днів: %2 — у них персональні дані мешканців; завершіть або видаліть їх (у журналі: статус «%3»).</translation>
    </message>
    <message>
        <source>Expired personal data could not be removed now: %1</source>
        <translation>Не вдалося зараз видалити персональні дані, строк зберігання яких минув: %1</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>FrontDesk — change my password</source>
        <translation>FrontDesk — зміна мого пароля</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Поточний пароль</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Новий пароль</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Новий пароль ще раз</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Змінити пароль</translation>
    </message>
    <message>
        <source>Your password was set by %1, so it is known to someone else. Choose your own before you start: type the one you were given, then a new one.</source>
        <translation>Ваш пароль задав(ла) %1, тож його знає ще хтось. Виберіть власний, перш ніж почати: введіть наданий пароль, тоді новий.</translation>
    </message>
    <message>
        <source>Operator %1</source>
        <translation>Оператор %1</translation>
    </message>
    <message>
        <source>At least 8 characters; not a common password, keys in a row, or one with your login in it.</source>
        <translation>Щонайменше 8 символів; не поширений пароль, не клавіші підряд і не пароль із вашим логіном.</translation>
    </message>
    <message>
        <source>Current password:</source>
        <translation>Поточний пароль:</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Новий пароль:</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>Ще раз:</translation>
    </message>
    <message>
        <source>Type your current password.</source>
        <translation>Введіть поточний пароль.</translation>
    </message>
    <message>
        <source>The new password typed again differs. Type it again.</source>
        <translation>Новий пароль, введений ще раз, інший. Введіть його знову.</translation>
    </message>
    <message>
        <source>Changing the password…</source>
        <translation>Змінюємо пароль…</translation>
    </message>
    <message>
        <source>The current password is wrong. Try again.</source>
        <translation>Поточний пароль неправильний. Спробуйте ще раз.</translation>
    </message>
    <message>
        <source>Your account was deactivated on this workstation: its password can no longer be changed.</source>
        <translation>Ваш обліковий запис на цьому робочому місці деактивовано: його пароль більше не можна змінити.</translation>
    </message>
    <message>
        <source>The password could not be changed. Try again.</source>
        <translation>Не вдалося змінити пароль. Спробуйте ще раз.</translation>
    </message>
</context>
</TS>
