<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk" sourcelanguage="en">
<context>
    <name>ApplicationCard</name>
    <message>
        <source>“Correct and resend” first takes the application from the registry (a connection to it is needed): the correction starts from the registry's copy.</source>
        <translation>«Виправити й надіслати знову» спершу бере заяву з реєстру (потрібне з'єднання з ним): виправлення починається з копії реєстру.</translation>
    </message>
    <message>
      <source>being sent right now</source>
      <translation>саме зараз надсилається</translation>
    </message>
    <message>
        <source>Application not found</source>
        <translation>Заяву не знайдено</translation>
    </message>
    <message>
        <source>This application is no longer on this workstation: its draft was deleted.</source>
        <translation>Цієї заяви вже немає на цьому робочому місці: її чернетку видалено.</translation>
    </message>
    <message>
        <source>Personal data removed from this computer on %1: the retention period after the decision is over. The registry keeps the whole case.</source>
        <translation>Персональні дані видалено з цього комп'ютера %1: минув строк зберігання після рішення. Усю справу зберігає реєстр.</translation>
    </message>
    <message>
        <source>FrontDesk (retention period)</source>
        <translation>FrontDesk (строк зберігання)</translation>
    </message>
    <message>
        <source>Returned for correction:</source>
        <translation>Повернуто на доопрацювання:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="145" />
        <source>the registry</source>
        <translation>реєстр</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="147" />
        <source>FrontDesk (sync)</source>
        <translation>FrontDesk (синхронізація)</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="47" />
        <source>Application %1</source>
        <translation>Заява %1</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="51" />
        <source>Number:</source>
        <translation>Номер:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="54" />
        <source>revision %1</source>
        <translation>редакція %1</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="56" />
        <source>Status:</source>
        <translation>Стан:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="61" />
        <source>Reason:</source>
        <translation>Причина:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="150" />
        <source>Decision cancelled:</source>
        <translation>Рішення скасовано:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="180" />
        <source>Citizenship:</source>
        <translation>Громадянство:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="62" />
        <source>Applicant:</source>
        <translation>Заявник:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="64" />
        <source>РНОКПП:</source>
        <translation>РНОКПП:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="69" />
        <source>Services:</source>
        <translation>Послуги:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="70" />
        <source>Created:</source>
        <translation>Створено:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="71" />
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="75" />
        <source>Service point:</source>
        <translation>Місце прийому:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="79" />
        <source>When</source>
        <translation>Коли</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="79" />
        <source>What happened</source>
        <translation>Що сталося</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="79" />
        <source>Who</source>
        <translation>Хто</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="79" />
        <source>Revision</source>
        <translation>Редакція</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="98" />
        <source>Correct and resend</source>
        <translation>Виправити й надіслати знову</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="102" />
        <source>Continue editing</source>
        <translation>Продовжити заповнення</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="102" />
        <source>Edit</source>
        <translation>Змінити</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="106" />
        <source>Print receipt</source>
        <translation>Друкувати розписку</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="107" />
        <source>Save receipt as PDF…</source>
        <translation>Зберегти розписку в PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="111" />
        <source>History</source>
        <translation>Історія</translation>
    </message>
    <message>
        <source>Registry&apos;s answer:</source>
        <translation>Відповідь реєстру:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="150" />
        <source>Scans:</source>
        <translation>Скан-копії:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="240" />
        <source>Not sent:</source>
        <translation>Не надіслано:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="260" />
        <source>Correction (revision %1) not sent: the registry no longer waits for it (the application was decided, or taken up again without it). If it is returned again, "Correct and resend" starts from it. What was entered on this computer:</source>
        <translation>Виправлення (редакцію %1) не надіслано: реєстр більше не чекає на нього (заяву вирішено або знову прийнято до розгляду без нього). Якщо заяву знову повернуть, «Виправити й надіслати знову» почне з нього. Що внесено на цьому комп'ютері:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="240" />
        <source>Revision %1 of this application reached the registry first from another computer, with other data; the registry's is shown here, and its decisions are about it. What was entered on this computer and did not reach the registry:</source>
        <translation>Редакція %1 цієї заяви надійшла до реєстру раніше з іншого комп'ютера, з іншими даними; тут показано версію реєстру, і рішення ухвалюють щодо неї. Що внесено на цьому комп'ютері й не потрапило до реєстру:</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="240" />
        <source>%1: %2 (in the registry: %3)</source>
        <translation>%1: %2 (у реєстрі: %3)</translation>
    </message>
    <message>
        <location filename="../../ui/application_card.py" line="240" />
        <source>nothing that differs from the registry's</source>
        <translation>нічого, що відрізнялося б від версії реєстру</translation>
    </message>
</context>
<context>
    <name>ClockWarning</name>
    <message>
        <location filename="../../ui/clock_warning.py" line="88" />
        <source>This computer's clock is behind: it says %1, and the registry has already seen %2. Until it is put right, new applications and receipts are dated by the latest time known (from %2 on) — correct the computer's date and time.</source>
        <translation>Годинник цього комп'ютера відстає: зараз за ним %1, а реєстр уже бачив %2. Доки його не виправлено, нові заяви й розписки датуються останнім відомим часом (від %2). Виправте дату й час комп'ютера.</translation>
    </message>
</context>
<context>
    <name>CommunityPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="134" />
        <source>Your community (hromada)</source>
        <translation>Ваша громада</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="137" />
        <source>Load the КАТОТТГ codifier file to find the community by name, or type its КАТОТТГ code.</source>
        <translation>Завантажте файл кодифікатора КАТОТТГ, щоб знайти громаду за назвою, або введіть її код КАТОТТГ.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="141" />
        <source>Load the codifier file (CSV)…</source>
        <translation>Завантажити файл кодифікатора (CSV)…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="148" />
        <source>Start typing the community name</source>
        <translation>Почніть вводити назву громади</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="159" />
        <source>Community:</source>
        <translation>Громада:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="160" />
        <source>КАТОТТГ code:</source>
        <translation>Код КАТОТТГ:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="171" />
        <source>The КАТОТТГ codifier</source>
        <translation>Кодифікатор КАТОТТГ</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="171" />
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Файли CSV (*.csv);;Усі файли (*)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="211" />
        <source>Loaded %1 places from %2. Type the community's name and pick it from the list.</source>
        <translation>Завантажено об'єктів: %1 (файл %2). Почніть вводити назву громади й оберіть її зі списку.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_community.py" line="150" />
        <source>Pick the community from the list that opens as you type its name.</source>
        <translation>Оберіть громаду зі списку, що відкривається, коли вводите назву.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="211" />
        <source>There is no such code in the loaded codifier: pick the community from the list, or check the code.</source>
        <translation>Такого коду немає в завантаженому кодифікаторі: оберіть громаду зі списку або перевірте код.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="216" />
        <source>This is the code of %1, not of a community (hromada): pick the community from the list.</source>
        <translation>Це код «%1», а не громади: оберіть громаду зі списку.</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../ui/crash.py" line="41" />
        <source>Internal error</source>
        <translation>Внутрішня помилка</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="43" />
        <source>Something went wrong inside the program. What you saved is safe; the form keeps its autosaved draft. You can save a diagnostics file (no personal data in it) for your administrator.</source>
        <translation>У програмі сталася внутрішня помилка. Збережене в безпеці; форма має автоматично збережену чернетку. Можна зберегти файл діагностики (без персональних даних) для адміністратора.</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="51" />
        <source>Save diagnostics…</source>
        <translation>Зберегти діагностику…</translation>
    </message>
    <message>
        <location filename="../../ui/crash.py" line="58" />
        <source>Diagnostics</source>
        <translation>Діагностика</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ui/wizard.py" line="67" />
        <source>FrontDesk — first start</source>
        <translation>FrontDesk — перший запуск</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="87" />
        <source>Internal error: %1</source>
        <translation>Внутрішня помилка: %1</translation>
    </message>
</context>
<context>
    <name>FormHost</name>
    <message>
        <source>Getting application %1 from the registry: its data was removed from this computer after the retention period…</source>
        <translation>Отримуємо заяву %1 з реєстру: її дані видалено з цього комп'ютера після строку зберігання…</translation>
    </message>
    <message>
        <source>the registry has no copy of it</source>
        <translation>реєстр не має її копії</translation>
    </message>
    <message>
        <source>this computer is not connected to a registry</source>
        <translation>цей комп'ютер не підключено до реєстру</translation>
    </message>
    <message>
        <source>there is no connection to the registry right now</source>
        <translation>зараз немає зв'язку з реєстром</translation>
    </message>
    <message>
        <source>Application № %1 was returned for correction, but its personal data was removed from this computer after the retention period (the case had been decided). The correction is not started: from the empty record left here it would send the registry an application with no one in it.

The application could not be taken from the registry: %2.

Connect to the registry and press “Correct and resend” again. If that is not possible, take the correction as a new application, or ask the back office what to do.</source>
        <translation>Заяву № %1 повернули на виправлення, але її персональні дані видалено з цього комп'ютера після строку зберігання (справу було вирішено). Виправлення не розпочато: з порожнього запису, що тут лишився, до реєстру пішла б заява без заявника.

Взяти заяву з реєстру не вдалося: %2.

Підключіться до реєстру й натисніть «Виправити й надіслати знову» ще раз. Якщо це неможливо, прийміть виправлення як нову заяву або спитайте в бек-офісі, як бути.</translation>
    </message>
    <message>
        <location filename="../../ui/form_host.py" line="60" />
        <source>The application form is not available in this build.</source>
        <translation>Форма заяви недоступна в цій збірці.</translation>
    </message>
    <message>
        <location filename="../../ui/form_host.py" line="97" />
        <source>Correction</source>
        <translation>Виправлення</translation>
    </message>
    <message>
        <location filename="../../ui/form_host.py" line="115" />
        <source>Reopened the unfinished application %1.</source>
        <translation>Відкрито незавершену заяву %1.</translation>
    </message>
    <message>
        <location filename="../../ui/form_host.py" line="122" />
        <source>Correcting %1 (revision %2): fix it and save to send it again.</source>
        <translation>Виправлення заяви %1 (редакція %2): виправте й збережіть, щоб надіслати знову.</translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message>
        <source>(personal data removed: retention period over)</source>
        <translation>(персональні дані видалено: минув строк зберігання)</translation>
    </message>
    <message>
        <location filename="../../ui/journal_model.py" line="162" />
        <source>Revision %1</source>
        <translation>Редакція %1</translation>
    </message>
    <message>
        <source>Returned for correction; revision %1 is begun and not sent yet: open it, finish and save it as ready</source>
        <translation>Повернуто на доопрацювання; редакцію %1 розпочато, але ще не надіслано: відкрийте заяву, завершіть виправлення й збережіть як готову</translation>
    </message>
    <message>
        <location filename="../../ui/journal_model.py" line="189" />
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../ui/journal_model.py" line="190" />
        <source>Applicant</source>
        <translation>Заявник</translation>
    </message>
    <message>
        <location filename="../../ui/journal_model.py" line="191" />
        <source>РНОКПП</source>
        <translation>РНОКПП</translation>
    </message>
    <message>
        <location filename="../../ui/journal_model.py" line="192" />
        <source>Services</source>
        <translation>Послуги</translation>
    </message>
    <message>
        <location filename="../../ui/journal_model.py" line="193" />
        <source>Status</source>
        <translation>Стан</translation>
    </message>
    <message>
        <location filename="../../ui/journal_model.py" line="194" />
        <source>Created</source>
        <translation>Створено</translation>
    </message>
    <message>
        <source>Open it to see why, correct it and save: it is sent again</source>
        <translation>Відкрийте заяву, щоб побачити причину, виправте її і збережіть — її буде надіслано знову</translation>
    </message>
</context>
<context>
    <name>JournalView</name>
    <message>
        <location filename="../../ui/journal.py" line="162" />
        <source>Search: surname, РНОКПП or application number  (Ctrl+F)</source>
        <translation>Пошук: прізвище, РНОКПП або номер заяви  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="164" />
        <source>All statuses</source>
        <translation>Усі стани</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="167" />
        <source>All services</source>
        <translation>Усі послуги</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="173" />
        <source>Any date</source>
        <translation>Будь-коли</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="174" />
        <source>Today</source>
        <translation>Сьогодні</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="175" />
        <source>Last 7 days</source>
        <translation>Останні 7 днів</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="176" />
        <source>Last 30 days</source>
        <translation>Останні 30 днів</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="177" />
        <source>This year</source>
        <translation>Цього року</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="178" />
        <source>Dates…</source>
        <translation>Період…</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="182" />
        <source>From</source>
        <translation>З</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="183" />
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="276" />
        <source>Found: %1</source>
        <translation>Знайдено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="343" />
        <source>No applications yet. A new one: Ctrl+N</source>
        <translation>Заяв ще немає. Нова заява — Ctrl+N</translation>
    </message>
    <message>
        <location filename="../../ui/journal.py" line="345" />
        <source>Found: 0 — change the search or the filters</source>
        <translation>Знайдено: 0 — змініть пошук або фільтри</translation>
    </message>
    <message>
        <source>Search applications</source>
        <translation>Пошук заяв</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>Заяви</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Sign in as someone else</source>
        <translation>Увійти як інший працівник</translation>
    </message>
    <message>
        <source>For a colleague: sign in with your own login and password. What is open here is kept as a draft, and you will not see it.</source>
        <translation>Для колеги: увійдіть зі своїм логіном і паролем. Відкрите тут буде збережено як чернетку, і ви його не побачите.</translation>
    </message>
    <message>
        <source>Close FrontDesk</source>
        <translation>Закрити FrontDesk</translation>
    </message>
    <message>
        <source>What was typed is kept as a draft.</source>
        <translation>Уведене буде збережено в чернетці.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="102" />
        <source>The screen is locked</source>
        <translation>Екран заблоковано</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="105" />
        <source>%1, type your password to go on. Nothing you typed is lost.</source>
        <translation>%1, введіть свій пароль, щоб продовжити. Усе введене збережено.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="113" />
        <source>Unlock</source>
        <translation>Розблокувати</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="270" />
        <source>Your account was deactivated on this workstation: close FrontDesk (what was typed is kept as a draft), or let a colleague sign in.</source>
        <translation>Ваш обліковий запис на цьому робочому місці деактивовано: закрийте FrontDesk (набране збережеться як чернетка) або дайте увійти колезі.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="140" />
        <source>Wrong password.</source>
        <translation>Неправильний пароль.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="52" />
        <source>FrontDesk — sign in</source>
        <translation>FrontDesk — вхід</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="65" />
        <source>Sign in</source>
        <translation>Увійти</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="70" />
        <source>Login:</source>
        <translation>Логін:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="71" />
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="74" />
        <source>Workstation %1</source>
        <translation>Робоче місце %1</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="88" />
        <source>Wrong login or password. Try again.</source>
        <translation>Неправильний логін або пароль. Спробуйте ще раз.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="148" />
        <source>Your account was deactivated on this workstation: you can no longer sign in here. If that is a mistake, ask your administrator.</source>
        <translation>Ваш обліковий запис на цьому робочому місці деактивовано: увійти тут більше не можна. Якщо це помилка, зверніться до адміністратора.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>What is open on this screen is kept as a draft for the operator who locked it; you will not see it.</source>
        <translation>Відкрите на цьому екрані буде збережено як чернетку працівника, який його заблокував; ви його не побачите.</translation>
    </message>
    <message>
        <source>Scans are still being stored; FrontDesk closes once they are in.</source>
        <translation>Скан-копії ще зберігаються; FrontDesk закриється, щойно їх буде збережено.</translation>
    </message>
    <message>
        <source>The draft could not be saved, so FrontDesk stays open.</source>
        <translation>Чернетку не вдалося зберегти, тому FrontDesk лишається відкритим.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="388" />
        <source>The latest changes in the form are NOT saved (the message above the form says why). If you close now, they are lost.</source>
        <translation>Останні зміни у формі НЕ збережено (чому — сказано над формою). Якщо закрити зараз, їх буде втрачено.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="393" />
        <source>Do not close</source>
        <translation>Не закривати</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="394" />
        <source>Close and lose them</source>
        <translation>Закрити й втратити їх</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="133" />
        <source>A new day: today's place of work is the office (it was %1). If you are out again today, set it in Settings.</source>
        <translation>Новий день: сьогоднішнє місце роботи — офіс (було: %1). Якщо сьогодні ви знову на виїзді, вкажіть це в Налаштуваннях.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="146" />
        <source>FrontDesk — workstation %1</source>
        <translation>FrontDesk — робоче місце %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148" />
        <location filename="../../ui/main_window.py" line="152" />
        <source>Journal</source>
        <translation>Журнал</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149" />
        <source>Application</source>
        <translation>Заява</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151" />
        <source>New application</source>
        <translation>Нова заява</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153" />
        <source>Sync now</source>
        <translation>Синхронізувати зараз</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="154" />
        <source>Settings</source>
        <translation>Налаштування</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="155" />
        <source>Lock</source>
        <translation>Заблокувати</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163" />
        <source>Operator: %1</source>
        <translation>Оператор: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171" />
        <source>Today: %1</source>
        <translation>Сьогодні: %1</translation>
    </message>
</context>
<context>
    <name>OperatorPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="342" />
        <source>The first operator</source>
        <translation>Перший оператор</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="344" />
        <source>Who will work on this computer? More operators can be added later.</source>
        <translation>Хто працюватиме на цьому комп'ютері? Інших операторів можна додати пізніше.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="356" />
        <source>Login:</source>
        <translation>Логін:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="357" />
        <source>Full name:</source>
        <translation>Прізвище та ім'я:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="358" />
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="359" />
        <source>Repeat the password:</source>
        <translation>Повторіть пароль:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="369" />
        <source>The password needs at least %1 characters.</source>
        <translation>Пароль має містити щонайменше %1 символів.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="375" />
        <source>The passwords differ.</source>
        <translation>Паролі не збігаються.</translation>
    </message>
</context>
<context>
    <name>ReceiptDesk</name>
    <message>
        <location filename="../../ui/handover.py" line="102" />
        <source>Receipt %1.pdf</source>
        <translation>Розписка %1.pdf</translation>
    </message>
    <message>
        <location filename="../../ui/handover.py" line="96" />
        <source>%1 already exists. Replace it?</source>
        <translation>%1 уже є. Замінити його?</translation>
    </message>
    <message>
        <location filename="../../ui/handover.py" line="97" />
        <source>Replace</source>
        <translation>Замінити</translation>
    </message>
    <message>
        <location filename="../../ui/handover.py" line="104" />
        <source>Save the receipt</source>
        <translation>Збереження розписки</translation>
    </message>
    <message>
        <location filename="../../ui/handover.py" line="104" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/handover.py" line="115" />
        <source>Receipt saved: %1</source>
        <translation>Розписку збережено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/handover.py" line="118" />
        <source>Receipt</source>
        <translation>Розписка</translation>
    </message>
</context>
<context>
    <name>RegistryPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="335" />
        <source>the registry does not answer at this address (check the address and the connection)</source>
        <translation>реєстр не відповідає за цією адресою (перевірте адресу і зв'язок)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="342" />
        <source>Continue</source>
        <translation>Продовжити</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="236" />
        <source>Connection to the registry</source>
        <translation>Під'єднання до реєстру</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="239" />
        <source>Applications are always saved on this computer first. With a registry address and a one-time code from your administrator they are also sent.</source>
        <translation>Заяви завжди спершу зберігаються на цьому комп'ютері. Якщо вказати адресу реєстру й одноразовий код від адміністратора, їх також буде надіслано.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="244" />
        <source>Create the profile</source>
        <translation>Створити профіль</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="245" />
        <source>Connect to the registry</source>
        <translation>Під'єднатися до реєстру</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="246" />
        <source>Work offline for now (connect later in Settings)</source>
        <translation>Поки що працювати без реєстру (під'єднати пізніше в Налаштуваннях)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="263" />
        <source>Registry address:</source>
        <translation>Адреса реєстру:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="264" />
        <source>Enrolment code:</source>
        <translation>Код реєстрації:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="276" />
        <source>Type the registry address and the enrolment code.</source>
        <translation>Введіть адресу реєстру та код реєстрації.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="292" />
        <source>Creating the profile…</source>
        <translation>Створюємо профіль…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="317" />
        <source>Connected to the registry.</source>
        <translation>Під'єднано до реєстру.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="317" />
        <source>Profile created.</source>
        <translation>Профіль створено.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="330" />
        <source>The profile is created, but connecting failed: %1
Fix the address or code, or choose to work offline for now.</source>
        <translation>Профіль створено, але під'єднатися не вдалося: %1
Виправте адресу чи код або оберіть роботу без реєстру.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="464" />
        <source>The profile is created, but the codifier could not be put into it: %1
Press Continue to try again.</source>
        <translation>Профіль створено, але кодифікатор не вдалося додати до нього: %1
Натисніть «Продовжити», щоб спробувати ще раз.</translation>
    </message>
    <message>
        <source>This laptop's workstation code:</source>
        <translation>Код робочого місця цього ноутбука:</translation>
    </message>
    <message>
        <source>Another laptop holds the workstation code %1: its receipts would repeat that laptop's numbers. Type this laptop's own code, or connect once the old laptop is revoked.</source>
        <translation>Код робочого місця %1 належить іншому ноутбуку: розписки звідси повторювали б його номери. Введіть власний код цього ноутбука або під'єднайтеся, коли старий ноутбук відкличуть.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="390" />
        <source>The profile is created, but connecting failed: %1
Type a new workstation code for this laptop (ask your administrator for one not used before) and press Continue.</source>
        <translation>Профіль створено, але під'єднатися не вдалося: %1
Введіть новий код робочого місця для цього ноутбука (попросіть в адміністратора код, який ще ніде не використовувався) і натисніть «Продовжити».</translation>
    </message>
    <message>
        <source>The profile is created, but connecting failed: %1
Another laptop holds this workstation code. Type this laptop's own code (your administrator gives each laptop its own) and press Continue. If this laptop replaces the old one, have the old one revoked first, then press Continue.</source>
        <translation>Профіль створено, але під'єднатися не вдалося: %1
Цей код робочого місця належить іншому ноутбуку. Введіть власний код цього ноутбука (адміністратор дає кожному ноутбуку свій) і натисніть «Продовжити». Якщо цей ноутбук замінює старий, спершу попросіть відкликати старий, потім натисніть «Продовжити».</translation>
    </message>
    <message>
        <source>The profile is created, but its workstation code could not be changed: %1</source>
        <translation>Профіль створено, але код робочого місця не вдалося змінити: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Choose the settlement from the list: start typing its name, then pick it.</source>
        <translation>Оберіть населений пункт зі списку: почніть вводити назву, потім виберіть його.</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="44" />
        <source>Settings</source>
        <translation>Налаштування</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="53" />
        <source> min</source>
        <translation> хв</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="54" />
        <source>never</source>
        <translation>ніколи</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="57" />
        <source>&amp;Language:</source>
        <translation>&amp;Мова:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="58" />
        <source>Lock the screen &amp;after:</source>
        <translation>&amp;Блокувати екран через:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="66" />
        <source>e.g. route 3, or the street and house</source>
        <translation>напр. маршрут 3 або вулиця й будинок</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="68" />
        <source>Start typing the settlement name</source>
        <translation>Почніть вводити назву населеного пункту</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="71" />
        <source>Where I work today</source>
        <translation>Де я працюю сьогодні</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="73" />
        <source>Service &amp;point:</source>
        <translation>Місце &amp;прийому:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="74" />
        <source>&amp;Route or address:</source>
        <translation>Маршрут або &amp;адреса:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="75" />
        <source>S&amp;ettlement:</source>
        <translation>&amp;Населений пункт:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="77" />
        <source>Registry</source>
        <translation>Реєстр</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="82" />
        <source>C&amp;onnect</source>
        <translation>Під'&amp;єднати</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="87" />
        <source>Connected to:</source>
        <translation>Під'єднано до:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="88" />
        <source>Registry a&amp;ddress:</source>
        <translation>Адреса &amp;реєстру:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="92" />
        <source>E&amp;nrolment code:</source>
        <translation>&amp;Код реєстрації:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="142" />
        <source>not connected (working offline)</source>
        <translation>не під'єднано (робота без реєстру)</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="149" />
        <source>Type the registry address and the code.</source>
        <translation>Введіть адресу реєстру та код.</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="153" />
        <source>Connecting…</source>
        <translation>Під'єднуємо…</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="166" />
        <source>Connected. Community: %1</source>
        <translation>Під'єднано. Громада: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="220" />
        <source>Not connected: the registry does not answer at this address (check the address and the connection), then press Connect again.</source>
        <translation>Не під'єднано: реєстр не відповідає за цією адресою (перевірте адресу і зв'язок), потім натисніть «Під'єднати» ще раз.</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="84" />
        <source>the codifier is not loaded</source>
        <translation>кодифікатор не завантажено</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="87" />
        <source>No КАТОТТГ codifier loaded: write the settlement in «Route or address».</source>
        <translation>Кодифікатор не завантажено: впишіть пункт у «Маршрут або адреса».</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="92" />
        <source>The administrator loads the codifier with the command: frontdesk reference import-katottg FILE.csv</source>
        <translation>Адміністратор завантажує кодифікатор командою: frontdesk reference import-katottg ФАЙЛ.csv</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>FrontDesk is already open with this profile and is updating its database for the new version. Wait until its window opens.</source>
        <translation>FrontDesk уже відкрито з цим профілем: програма оновлює базу даних для нової версії. Зачекайте, доки відкриється її вікно.</translation>
    </message>
    <message>
        <source>FrontDesk is updating its database for the new version. This happens once and may take up to a minute; nothing is lost.</source>
        <translation>FrontDesk оновлює базу даних для нової версії. Це буває один раз і може тривати до хвилини; нічого не втрачається.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="131" />
        <source>FrontDesk is already open on this computer with this profile, but does not answer. Wait a minute and try again; if it stays so, restart the computer.</source>
        <translation>FrontDesk уже відкрито на цьому комп'ютері з цим профілем, але програма не відповідає. Зачекайте хвилину й спробуйте ще раз; якщо не допоможе, перезавантажте комп'ютер.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="130" />
        <source>This profile is marked as open in FrontDesk on the computer “{host}”. If FrontDesk is not working with this profile there now (the folder was moved from that computer, or this computer was renamed), open it here. Never work with one profile on two computers at once.</source>
        <translation>Цей профіль позначено як відкритий у FrontDesk на комп'ютері «{host}». Якщо там зараз FrontDesk із цим профілем не працює (папку перенесли з того комп'ютера або цей комп'ютер перейменували), відкрийте його тут. Ніколи не працюйте з одним профілем на двох комп'ютерах одночасно.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="139" />
        <source>Open here</source>
        <translation>Відкрити тут</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="141" />
        <source>Quit</source>
        <translation>Вийти</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../ui/sync_panel.py" line="85" />
        <source>Syncing…</source>
        <translation>Синхронізація…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="119" />
        <source>Waiting to be sent: %1</source>
        <translation>Очікують надсилання: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="290" />
        <source>Decisions cancelled by the back office, the applications to be decided again: %1 (the reason is in each card)</source>
        <translation>Скасовано рішення щодо заяв: %1 (їх розглянуть знову; причина — у картці заяви)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="190" />
        <source>Waiting: another program on this computer is syncing this profile (frontdesk sync); this sync follows when it ends</source>
        <translation>Очікування: інша програма на цьому комп'ютері вже синхронізує цей профіль (frontdesk sync); ця синхронізація почнеться, щойно та закінчиться</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="121" />
        <source>Last sync: %1</source>
        <translation>Остання синхронізація: %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="133" />
        <source>Will be sent at the next sync</source>
        <translation>Буде надіслано під час наступної синхронізації</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="245" />
        <source>Sync stopped because of a fault in the program. It tries again in 5 minutes, or now with “Sync now”; the applications are kept</source>
        <translation>Синхронізацію зупинила помилка в програмі. Наступна спроба — за 5 хвилин, або зараз кнопкою «Синхронізувати зараз»; заяви збережено</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="135" />
        <source>Everything is sent</source>
        <translation>Усе надіслано</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_panel.py" line="153" />
        <source>%n application(s) not accepted by the registry</source>
        <translation>
            <numerusform>%n заяву не прийнято реєстром</numerusform>
            <numerusform>%n заяви не прийнято реєстром</numerusform>
            <numerusform>%n заяв не прийнято реєстром</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not sent: %n unfinished correction(s) (in the journal: %1)</source>
        <translation>
            <numerusform>Не надіслано: %n незавершене виправлення (у журналі: «%1»)</numerusform>
            <numerusform>Не надіслано: %n незавершені виправлення (у журналі: «%1»)</numerusform>
            <numerusform>Не надіслано: %n незавершених виправлень (у журналі: «%1»)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="164" />
        <source>Not connected to a registry: applications are kept on this computer (Settings → Registry to connect)</source>
        <translation>Реєстр не під'єднано: заяви зберігаються на цьому комп'ютері (Налаштування → Реєстр, щоб під'єднати)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="183" />
        <source>Registry decisions arrived: %1 (%2)</source>
        <translation>Надійшли рішення реєстру: %1 (%2)</translation>
    </message>
    <message>
        <source>The registry accepted applications: %1</source>
        <translation>Реєстр прийняв заяв: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync_panel.py" line="312" />
        <source>New numbers were given to %n application(s): give the residents new receipts (the list is in the window opened)</source>
        <translation>
            <numerusform>Нові номери отримала %n заява: видайте заявникам нові розписки (перелік — у вікні, що відкрилося)</numerusform>
            <numerusform>Нові номери отримали %n заяви: видайте заявникам нові розписки (перелік — у вікні, що відкрилося)</numerusform>
            <numerusform>Нові номери отримали %n заяв: видайте заявникам нові розписки (перелік — у вікні, що відкрилося)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="340" />
        <source>New numbers</source>
        <translation>Нові номери</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="345" />
        <source>The registry already had these numbers: the applications were given new ones. Give these residents new receipts (in each card: “Print receipt”); the numbers on their old ones are not theirs any more.</source>
        <translation>У реєстрі вже були такі номери: заявам присвоєно нові. Видайте цим заявникам нові розписки (у картці кожної заяви: «Друкувати розписку»); номери на старих розписках уже не їхні.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="189" />
        <source>Sync</source>
        <translation>Синхронізація</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="196" />
        <source>Sent: %1. Not accepted: %2. Decisions received: %3. Accepted by the registry: %4.</source>
        <translation>Надіслано: %1. Не прийнято: %2. Отримано рішень: %3. Реєстр прийняв заяв: %4.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="206" />
        <source>Sync now</source>
        <translation>Синхронізувати зараз</translation>
    </message>
    <message>
        <location filename="../../ui/sync_panel.py" line="207" />
        <source>Send what is waiting and fetch decisions (F5)</source>
        <translation>Надіслати те, що чекає, і отримати рішення (F5)</translation>
    </message>
    <message>
        <source>Show them</source>
        <translation>Показати</translation>
    </message>
    <message>
        <source>The journal lists them; open one to see why, correct it and save</source>
        <translation>Журнал покаже їх; відкрийте заяву, щоб побачити причину, виправте і збережіть</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <location filename="../../ui/wording.py" line="19" />
        <source>Draft</source>
        <translation>Чернетка</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="20" />
        <source>Waiting to be sent</source>
        <translation>Очікує надсилання</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="21" />
        <source>Sent</source>
        <translation>Надіслано</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="22" />
        <source>Accepted</source>
        <translation>Прийнято до розгляду</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="23" />
        <source>Granted</source>
        <translation>Задоволено</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="24" />
        <source>Refused</source>
        <translation>Відмовлено</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="25" />
        <source>Returned for correction</source>
        <translation>Повернуто на доопрацювання</translation>
    </message>
    <message>
        <source>Correction (draft)</source>
        <translation>Виправлення (чернетка)</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="35" />
        <source>Office</source>
        <translation>Офіс</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="36" />
        <source>Mobile service van</source>
        <translation>Мобільний пункт (автомобіль)</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="37" />
        <source>Home visit</source>
        <translation>Виїзд додому</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="92" />
        <source>never</source>
        <translation>ніколи</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="96" />
        <source>just now</source>
        <translation>щойно</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/wording.py" line="100" />
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n хвилину тому</numerusform>
            <numerusform>%n хвилини тому</numerusform>
            <numerusform>%n хвилин тому</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/wording.py" line="104" />
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n годину тому</numerusform>
            <numerusform>%n години тому</numerusform>
            <numerusform>%n годин тому</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="107" />
        <source>yesterday</source>
        <translation>вчора</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/wording.py" line="108" />
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n день тому</numerusform>
            <numerusform>%n дні тому</numerusform>
            <numerusform>%n днів тому</numerusform>
        </translation>
    </message>
    <message>
        <source>Not accepted by the registry</source>
        <translation>Не прийнято реєстром</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="200" />
        <source>yes</source>
        <translation>так</translation>
    </message>
    <message>
        <location filename="../../ui/wording.py" line="200" />
        <source>no</source>
        <translation>ні</translation>
    </message>
</context>
<context>
    <name>WorkstationPage</name>
    <message>
        <location filename="../../ui/wizard.py" line="101" />
        <source>Welcome to FrontDesk</source>
        <translation>Ласкаво просимо до FrontDesk</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="104" />
        <source>This computer needs a workstation profile. Your administrator gives you the workstation code (for example, ZT01).</source>
        <translation>Цьому комп'ютеру потрібен профіль робочого місця. Код робочого місця (наприклад, ZT01) дає адміністратор.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard.py" line="113" />
        <source>Workstation code:</source>
        <translation>Код робочого місця:</translation>
    </message>
</context>
<context>
    <name>Wait</name>
    <message>
        <source>Too many wrong passwords. Try again in %1 s.</source>
        <translation>Забагато неправильних паролів. Спробуйте знову через %1 с.</translation>
    </message>
    <message>
        <source>Try again.</source>
        <translation>Спробуйте знову.</translation>
    </message>
</context>
</TS>