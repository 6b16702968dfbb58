"""What the core's known errors (:mod:`frontdesk.errors`) say, in Ukrainian and English:
registered in :data:`frontdesk.messages.MESSAGES` under each error's code."""

from __future__ import annotations

from frontdesk.messages import MESSAGES

MESSAGES.update(
    {
        "error.unknown": ("Невідома помилка", "Unknown error"),
        "error.personal_data_removed": (
            "Особисті дані заяви № {number} видалено з цього комп'ютера після строку "
            "зберігання: виправлення не можна почати з порожнього запису. Потрібна копія "
            "заяви з реєстру: підключіться до реєстру й спробуйте знову, або прийміть "
            "виправлення як нову заяву чи зверніться до бек-офісу",
            "The personal data of application № {number} was removed from this computer "
            "after the retention period: a correction cannot start from the empty record. "
            "The registry's copy of the application is needed: connect to the registry and "
            "try again, or take the correction as a new application or ask the back office",
        ),
        "error.cannot_write": (
            "Не вдалося записати в {path} — {reason}",
            "Could not write to {path} — {reason}",
        ),
        "error.cannot_read": (
            "Не вдалося прочитати {path} — {reason}",
            "Could not read {path} — {reason}",
        ),
        "os.no_space": ("диск заповнено — звільніть місце", "the disk is full — free some space"),
        "os.no_permission": (
            "немає дозволу на цей файл чи теку",
            "no permission for this file or folder",
        ),
        "os.read_only": ("диск чи тека лише для читання", "the disk or folder is read-only"),
        "os.not_found": ("файл чи теку не знайдено", "no such file or folder"),
        "os.is_folder": ("це тека, а не файл", "a folder, not a file"),
        "os.not_folder": ("частина шляху — не тека", "part of the path is not a folder"),
        "os.exists": (
            "на цьому місці вже є файл з такою назвою",
            "a file of that name is already there",
        ),
        "os.io_error": (
            "помилка читання чи запису диска (чи не від'єднано його?)",
            "the disk failed to read or write (was it unplugged?)",
        ),
        "os.other": ("системна помилка: {reason}", "system error: {reason}"),
        "error.disk_full": (
            "Диск заповнено — звільніть місце й спробуйте ще раз (раніше збережене не постраждало)",
            "The disk is full — free some space and try again (what was saved before is unharmed)",
        ),
        "error.locked": (
            "База даних зайнята іншою програмою — спробуйте ще раз за мить",
            "The database is busy in another program — try again in a moment",
        ),
        "error.corrupt": (
            "Файл бази даних пошкоджено — зверніться до адміністратора (є резервна копія?)",
            "The database file is damaged — call your administrator (is there a backup?)",
        ),
        "error.wrong_key": (
            "Не вдалося відкрити базу: ключ шифрування не підходить або файл пошкоджено",
            "Cannot open the database: the encryption key does not fit or the file is damaged",
        ),
        "error.newer_version": (
            "Цей профіль уже оновила новіша версія FrontDesk (версія бази даних {found}, "
            "а ця програма, FrontDesk {version}, знає лише до {known}). Установіть новішу "
            "версію FrontDesk — профіль не змінено, заяви в ньому цілі",
            "This profile was already updated by a newer version of FrontDesk (database "
            "version {found}, while this program, FrontDesk {version}, knows only up to "
            "{known}). Install the newer FrontDesk — the profile was not changed, its "
            "applications are intact",
        ),
        "error.newer_version.named": (
            "Цей профіль уже оновила новіша версія FrontDesk ({needed}; версія бази даних "
            "{found}, а ця програма, FrontDesk {version}, знає лише до {known}). Установіть "
            "FrontDesk {needed} або новіший — профіль не змінено, заяви в ньому цілі",
            "This profile was already updated by a newer version of FrontDesk ({needed}; "
            "database version {found}, while this program, FrontDesk {version}, knows only "
            "up to {known}). Install FrontDesk {needed} or newer — the profile was not "
            "changed, its applications are intact",
        ),
        "error.storage_read_only": (
            "Тека профілю {path} лише для читання — FrontDesk не може ні записати, ні "
            "прочитати заяви. Попросіть адміністратора дозволити запис у цю теку",
            "The profile folder {path} is read-only — FrontDesk can neither write nor read "
            "the applications. Ask your administrator to allow writing to this folder",
        ),
        "error.storage_helper_read_only": (
            "Службовий файл бази даних {path} лишився лише для читання (після запуску з "
            "правами лише на читання). Закрийте FrontDesk і дозвольте запис у цей файл або "
            "попросіть про це адміністратора",
            "The database's helper file {path} was left read-only (after a run with read-only "
            "rights). Close FrontDesk and allow writing to this file, or ask your administrator",
        ),
        "error.storage": (
            "Немає доступу до файлу бази даних: {path}",
            "Cannot access the database file: {path}",
        ),
        "error.no_keyring": (
            "Немає захищеного сховища паролів (keyring) для ключа шифрування. "
            "Windows і macOS мають його; у Linux установіть і розблокуйте gnome-keyring "
            "або KWallet (Secret Service) і запустіть програму знову",
            "No secure password store (keyring) for the encryption key. "
            "Windows and macOS have one; on Linux install and unlock gnome-keyring "
            "or KWallet (Secret Service) and start again",
        ),
        "error.key_missing": (
            "Ключ шифрування цього профілю не знайдено у сховищі паролів облікового запису "
            "«{account}» на цьому комп'ютері. Профіль відкривається лише під тим обліковим "
            "записом і на тому комп'ютері, де його створено чи відновлено (скопійована тека "
            "профілю не відкривається деінде): увійдіть під тим записом, або відновіть "
            "профіль із резервної копії (frontdesk restore) у нову теку",
            "This profile's encryption key is not in the keyring of the account «{account}» "
            "on this computer. A profile opens only under the account and on the computer "
            "where it was created or restored (a copied profile folder opens nowhere else): "
            "sign in to that account, or restore the profile from a backup (frontdesk "
            "restore) into a new folder",
        ),
        "error.no_profile": (
            "Профіль робочого місця не створено: {path}. Виконайте «frontdesk init»",
            "No workstation profile at {path}. Run «frontdesk init»",
        ),
        "restore.interrupted": (
            "Відновлення профілю з резервної копії в {path} було перервано, і профілю там "
            "немає. Запустіть відновлення ще раз (frontdesk restore ФАЙЛ)",
            "A restore of the profile from a backup into {path} was cut short, and there is "
            "no profile there. Run the restore again (frontdesk restore FILE)",
        ),
        "error.duplicate_application": (
            "у журналі вже є нерозглянута заява цієї особи на ту саму послугу: {number}. "
            "Не імпортовано; якщо це справді нова заява, додайте --allow-duplicates",
            "this person already has an undecided application for the same service: "
            "{number}. Not imported; if it really is a new one, add --allow-duplicates",
        ),
        "error.codifier_too_small": (
            "У файлі {path} лише {count} об'єктів кодифікатора, а завантажено {loaded} — "
            "схоже, це не весь кодифікатор. Кодифікатор не змінено; щоб усе ж замінити "
            "його цим файлом, додайте --force",
            "{path} holds only {count} codifier objects while {loaded} are loaded — it does "
            "not look like the whole codifier. Nothing changed; to replace it with this file "
            "anyway, add --force",
        ),
        "error.codifier_cut_short": (
            "Файл {path} обривається посеред рядка ({count} об'єктів кодифікатора): схоже, "
            "його скопійовано не до кінця. Кодифікатор не змінено; скопіюйте файл ще раз "
            "(щоб усе ж завантажити цей: frontdesk reference import-katottg ФАЙЛ --force)",
            "{path} ends in the middle of a line ({count} codifier objects): it looks copied "
            "only in part. Nothing changed; copy the file again (to load this one anyway: "
            "frontdesk reference import-katottg FILE --force)",
        ),
        "error.codifier_incomplete": (
            "У файлі {path} {count} об'єктів кодифікатора, і лише {top_level} з {expected} "
            "об'єктів першого рівня (області, АР Крим, Київ і Севастополь) — це не весь "
            "кодифікатор (у ньому понад 31 000 об'єктів), і населені пункти поза ним були б "
            "невідомі. Кодифікатор не змінено; візьміть увесь файл (щоб усе ж завантажити "
            "цей: frontdesk reference import-katottg ФАЙЛ --force)",
            "{path} holds {count} codifier objects, and only {top_level} of the {expected} "
            "first-level ones (the oblasts, Crimea, Kyiv and Sevastopol) — not the whole "
            "codifier (it has over 31,000 objects), and settlements outside it would be "
            "unknown. Nothing changed; take the whole file (to load this one anyway: "
            "frontdesk reference import-katottg FILE --force)",
        ),
        "error.database_missing": (
            "Файл бази даних профілю зник або порожній: {path}. Заяви в ньому не "
            "відтворити — відновіть профіль із резервної копії або зверніться до "
            "адміністратора",
            "The profile's database file is gone or empty: {path}. Its applications cannot "
            "be made up again — restore the profile from a backup or call your administrator",
        ),
        "error.profile_file_damaged": (
            "Файл профілю {path} пошкоджено (у ньому записано, де ключ шифрування). Заяви в "
            "базі даних не зачеплено: поверніть цей файл із копії теки профілю або "
            "зверніться до адміністратора",
            "The profile file {path} is damaged (it says where the encryption key is). The "
            "applications in the database are untouched: bring the file back from a copy of "
            "the profile folder, or call your administrator",
        ),
        "error.profile_file_missing": (
            "У папці {path} є база даних заяв, але немає файлу профілю profile.json (у ньому "
            "записано, де ключ шифрування). Заяви не втрачено: не створюйте й не відновлюйте "
            "профіль у цій папці — поверніть profile.json з копії цієї папки або зверніться "
            "до адміністратора",
            "The folder {path} holds an applications database but not its profile file "
            "profile.json (it says where the encryption key is). The applications are not "
            "lost: do not create or restore a profile in this folder — bring profile.json "
            "back from a copy of the folder, or call your administrator",
        ),
        "error.profile_exists": (
            "Профіль уже існує: {path}",
            "A profile already exists at {path}",
        ),
        "error.not_found": ("Заяву не знайдено: {what}", "Application not found: {what}"),
        "error.operator_deactivated": (
            "Ваш обліковий запис на цьому робочому місці деактивовано: це більше не можна "
            "зробити від вашого імені",
            "Your account was deactivated on this workstation: this can no longer be done in "
            "your name",
        ),
        "error.not_editable": (
            "Заяву {number} уже надіслано — змінити її можна лише після повернення "
            "на доопрацювання",
            "Application {number} has been sent — it can be changed only once returned "
            "for correction",
        ),
        "error.invalid_input": ("Неправильні дані: {what}", "Invalid input: {what}"),
        # what an InvalidInput or a NotFound is about (``what_code``)
        "correction.registry_copy": (
            "реєстр надіслав не ту заяву, що № {number} (редакція {revision}): виправлення "
            "не почато — зверніться до бек-офісу",
            "the registry sent another application than № {number} (revision {revision}): "
            "the correction is not started — ask the back office",
        ),
        "operator.password_short": (
            "пароль: щонайменше {min} символів",
            "password: at least {min} characters",
        ),
        "operator.password_easy": (
            "пароль: надто простий (поширений, з кількох однакових знаків, клавіші підряд "
            "чи з логіном)",
            "password: too easy to guess (a common one, a few characters repeated, keys in a "
            "row, or with the login in it)",
        ),
        "operator.password_same": (
            "новий пароль: такий самий, як поточний — виберіть інший",
            "new password: the same as the current one — choose another",
        ),
        "operator.login_format": (
            "логін: 2–32 малі латинські літери, цифри, . _ -",
            "login: 2–32 small Latin letters, digits, . _ -",
        ),
        "operator.exists": (
            "оператор {login} уже є ({name}); новий пароль задає --reset-password, для іншої "
            "людини оберіть інший логін",
            "operator {login} already exists ({name}); --reset-password sets a new password, "
            "for another person choose another login",
        ),
        "operator.unknown": ("оператора {login} немає", "there is no operator {login}"),
        "operator.reset_renames": (
            "--reset-password лише задає новий пароль і не змінює, хто такий {login} ({name}): "
            "його заяви й розписки й далі називають це ім'я. Для іншої людини додайте новий "
            "логін (frontdesk operator add НОВИЙ-ЛОГІН --name …); для тієї самої — без --name",
            "--reset-password only sets a new password and does not change who {login} is "
            "({name}): the applications and receipts of that login keep that name. For another "
            "person add a new login (frontdesk operator add NEW-LOGIN --name …); for the same "
            "one, leave out --name",
        ),
        "operator.no_active": (
            "активного оператора {login} немає",
            "there is no active operator {login}",
        ),
        "retention.days": (
            "строк зберігання {days} дн. (від {min} до {max})",
            "retention period of {days} days (from {min} to {max})",
        ),
        "draft.discarded": ("чернетку {number} видалено", "the draft {number} was deleted"),
        "number.deleted_draft": (  # (asked for by its number: a receipt handed over names it)
            "{number} — чернетку видалено {at} (оператор {operator}): заяву не надсилали, "
            "і розписка з цим номером недійсна",
            "{number} — the draft was deleted on {at} (operator {operator}): the application "
            "was never sent, and a receipt with this number is void",
        ),
        "import.other_revision": (
            "заява {number} уже є, з іншою редакцією чи вмістом",
            "application {number} is already here, with another revision or content",
        ),
        "import.other_community": (
            "заява іншої громади ({community}), а це робоче місце — громади {own}: реєстр "
            "не прийме її звідси. Імпортуйте її на робочому місці громади {community}",
            "an application of another community ({community}), and this workstation is of "
            "{own}: the registry would not take it from here. Import it on a workstation of "
            "{community}",
        ),
        "import.no_such_time": (
            "{field}: {stamp} — такого часу не буває",
            "{field}: {stamp} — there is no such time",
        ),
        "import.future": (  # (a typo, or this laptop's clock behind: a dead CMOS battery)
            "{field}: {stamp} — у майбутньому (сьогодні за годинником цього комп'ютера "
            "{today}; якщо це не так — виправте його)",
            "{field}: {stamp} — in the future (today is {today} by this computer's clock; if "
            "that is wrong, correct it)",
        ),
        "import.future_known": (  # (this laptop's clock known to be behind the registry's)
            "{field}: {stamp} — у майбутньому (годинник цього комп'ютера відстає; за останнім "
            "відомим часом сьогодні {today})",
            "{field}: {stamp} — in the future (this computer's clock is behind; by the latest "
            "time known today is {today})",
        ),
        "import.before_2000": (
            "{field}: {stamp} — раніше 2000 року (помилка в році?)",
            "{field}: {stamp} — before 2000 (a typo in the year?)",
        ),
        "import.status_needs_id": (
            "status: «{status_uk}» — лише для заяви з id (з іншої робочої станції); нову "
            "заяву з паперу вкажіть як draft або ready",
            "status: «{status}» — only for an application with an id (from another "
            "workstation); give a new one from paper as draft or ready",
        ),
        "number.format": (
            "номер {number} (потрібно КОД-РРРР-NNNNNN)",
            "number {number} (CODE-YYYY-NNNNNN is needed)",
        ),
        "number.ambiguous": (
            "{typed} — так закінчуються номери кількох заяв ({numbers}): вкажіть номер повністю",
            "{typed} ends the numbers of more than one application ({numbers}): give the "
            "whole number",
        ),
        "input.number_taken": (
            "номер {number} уже має інша заява",
            "number {number} belongs to another application already",
        ),
        "number.discarded": (
            "номер {number} мала чернетка, яку видалено; він не повторюється",
            "number {number} was a deleted draft's; it is never used again",
        ),
        "number.other_workstation": (
            "номер {number} — із серії іншого робочого місця ({code}); нова заява (без id) "
            "отримує номер цього ({own}). Приберіть number з рядка — заява отримає наступний "
            "номер {own} (видайте заявнику нову розписку), — або імпортуйте рядок на "
            "робочому місці {code}",
            "number {number} is of another workstation's series ({code}); a new application "
            "(no id) is numbered by this one ({own}). Leave the number out of the line — it "
            "gets the next number of {own} (give the resident a new receipt) — or import the "
            "line on workstation {code}",
        ),
        "number.year": (
            "номер {number}: такого року в номері бути не може (від 2000 до {latest}) — "
            "перевірте, чи немає в ньому помилки",
            "number {number}: no number has that year (2000 to {latest}) — check it for a typo",
        ),
        "number.year_ahead": (  # (a typo, or this laptop's clock behind)
            "номер {number}: такого року в номері ще бути не може (від 2000 до {latest}; "
            "сьогодні за годинником цього комп'ютера {today}; якщо це не так — виправте його) "
            "— перевірте, чи немає в ньому помилки",
            "number {number}: no number has that year yet (2000 to {latest}; today is {today} "
            "by this computer's clock; if that is wrong, correct it) — check it for a typo",
        ),
        "number.year_ahead_known": (  # (this laptop's clock known to be behind the registry's)
            "номер {number}: такого року в номері ще бути не може (від 2000 до {latest}; "
            "годинник цього комп'ютера відстає, за останнім відомим часом сьогодні {today}) "
            "— перевірте, чи немає в ньому помилки",
            "number {number}: no number has that year yet (2000 to {latest}; this computer's "
            "clock is behind, by the latest time known today is {today}) — check it for a typo",
        ),
        "number.zero": (
            "номер {number}: номерів 000000 не буває (серія починається з 000001) — "
            "перевірте, чи немає в ньому помилки",
            "number {number}: there is no number 000000 (a series starts at 000001) — check "
            "it for a typo",
        ),
        "number.far_ahead": (
            "номер {number} — набагато далі за останній номер цієї серії ({last}); "
            "перевірте, чи немає в ньому помилки",
            "number {number} is far past the last number of its series ({last}); check it "
            "for a typo",
        ),
        "save.status": ("стан {status}", "status {status}"),
        "blob.missing": ("вкладення {sha256}", "attachment {sha256}"),
        "backup.keep": (
            "скільки копій зберігати: щонайменше 1",
            "how many copies to keep: at least 1",
        ),
        "community.unknown": (
            "код громади {code}: такого коду немає в завантаженому кодифікаторі КАТОТТГ — "
            "перевірте його",
            "community code {code}: there is no such code in the loaded КАТОТТГ codifier — "
            "check it",
        ),
        "community.not_hromada": (
            "код громади {code} — це код не громади, а {kind_uk} «{place_uk}»: потрібен код "
            "територіальної громади (у кодифікаторі — категорія H; Київ — K)",
            "community code {code} is not a hromada's but that of the {kind} «{place}»: the "
            "code of the territorial community is needed (category H in the codifier; Kyiv: K)",
        ),
        "community.within_hromada": (
            "код громади {code} — це код не громади, а {kind_uk} «{place_uk}»; громада, до "
            "якої належить це місце, — «{hromada_uk}», її код {hromada_code}",
            "community code {code} is not a hromada's but that of the {kind} «{place}»; the "
            "hromada it lies in is «{hromada}», code {hromada_code}",
        ),
        "community.enrolled": (
            "код громади не змінити: це робоче місце вже зареєстровано в реєстрі для громади "
            "{community} (реєстр видав йому токен як робочому місцю цієї громади). Якщо це "
            "справді не та громада, адміністратор реєстру відкликає цей пристрій "
            "(frontdesk-registry device revoke), а робоче місце налаштовують заново в новій "
            "теці профілю",
            "the community code cannot be changed: this workstation is enrolled at the "
            "registry for community {community} (its token was issued to a workstation of "
            "that community). If it really is the wrong community, the registry's "
            "administrator revokes this device (frontdesk-registry device revoke) and the "
            "workstation is set up again in a new profile folder",
        ),
        "community.sent": (
            "код громади не змінити: заяви звідси вже надіслано до реєстру як заяви громади "
            "{community} (і реєстр так їх і зберігає) — зверніться до адміністратора реєстру",
            "the community code cannot be changed: applications from here were sent to the "
            "registry as community {community}'s (and it keeps them so) — call the registry's "
            "administrator",
        ),
        "workstation.enrolled": (
            "код робочого місця не змінити: це робоче місце вже зареєстровано в реєстрі як "
            "{workstation} (реєстр знає його і його заяви під цим кодом). Якщо код справді "
            "не той, адміністратор реєстру відкликає цей пристрій (frontdesk-registry device "
            "revoke), а робоче місце налаштовують заново в новій теці профілю",
            "the workstation code cannot be changed: this workstation is enrolled at the "
            "registry as {workstation} (the registry knows it and its applications by that "
            "code). If it really is the wrong code, the registry's administrator revokes this "
            "device (frontdesk-registry device revoke) and the workstation is set up again in "
            "a new profile folder",
        ),
        "workstation.sent": (
            "код робочого місця не змінити: заяви з номерами {workstation} уже надіслано до "
            "реєстру (і він зберігає їх під цими номерами) — зверніться до адміністратора "
            "реєстру",
            "the workstation code cannot be changed: applications numbered {workstation} were "
            "sent to the registry already (and it keeps them under those numbers) — call the "
            "registry's administrator",
        ),
        "workstation.number_held": (
            "код робочого місця не змінити на {code}: номер {number} уже має заява, "
            "імпортована з робочого місця {code} — цей код належить іншому ноутбуку; візьміть "
            "код, який адміністратор дав саме цьому",
            "the workstation code cannot be changed to {code}: number {number} belongs to an "
            "application imported from workstation {code} already — that code is another "
            "laptop's; use the code the administrator gave this one",
        ),
        "profile.not_a_folder": (
            "{path}: це файл, а не тека профілю",
            "{path}: a file, not a profile folder",
        ),
        "codifier.not_text": (
            "{path}: це не текст у кодуванні UTF-8 чи Windows-1251",
            "{path}: this is not text in UTF-8 or Windows-1251",
        ),
        "codifier.not_codifier": (
            "{path}: це не кодифікатор КАТОТТГ (потрібно 7 колонок через «;»)",
            "{path}: this is not the КАТОТТГ codifier (7 columns separated by «;» are needed)",
        ),
        "codifier.columns": (
            "{path}, рядок {line}: потрібно 7 колонок",
            "{path}, line {line}: 7 columns are needed",
        ),
        "codifier.damaged_text": (
            "{path}, рядок {line}: байти, що не є текстом UTF-8, у файлі UTF-8 — файл "
            "пошкоджено чи скопійовано не до кінця; кодифікатор не змінено, візьміть файл ще раз",
            "{path}, line {line}: bytes that are not UTF-8 text in a UTF-8 file — the file is "
            "damaged or copied only in part; nothing changed, take the file again",
        ),
        "codifier.repeated": (
            "{path}, рядок {line}: код {code} уже був у рядку {first} — у файлі два "
            "кодифікатори чи дві копії одного; кодифікатор не змінено",
            "{path}, line {line}: the code {code} was on line {first} already — the file "
            "holds two codifiers or two copies of one; nothing changed",
        ),
        "codifier.row": (
            "{path}, рядок {line}: неправильний рядок (код, категорія чи назва)",
            "{path}, line {line}: a wrong line (the code, the category or the name)",
        ),
        "error.series_exhausted": (
            "Номери серії {series} вичерпано (останній — {series}999999): нову заяву "
            "зареєструвати не можна. Зверніться до адміністратора",
            "The number series {series} is used up (the last is {series}999999): no new "
            "application can be numbered. Call the administrator",
        ),
        "error.validation": (
            "Заява має помилки ({count}) — виправте їх перед надсиланням",
            "The application has errors ({count}) — fix them before sending",
        ),
    }
)
