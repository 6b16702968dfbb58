<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk_UA">
  <context>
    <name>AddressBox</name>
    <message>
      <location filename="../../ui/form/address.py" line="156" />
      <source>Settlement (start typing the name)</source>
      <translation>Населений пункт (почніть вводити назву)</translation>
    </message>
    <message>
      <location filename="../../ui/form/address.py" line="157" />
      <source>Postcode</source>
      <translation>Індекс</translation>
    </message>
    <message>
      <location filename="../../ui/form/address.py" line="158" />
      <source>Type</source>
      <translation>Тип</translation>
    </message>
    <message>
      <location filename="../../ui/form/address.py" line="159" />
      <source>Street</source>
      <translation>Вулиця</translation>
    </message>
    <message>
      <location filename="../../ui/form/address.py" line="160" />
      <source>House</source>
      <translation>Будинок</translation>
    </message>
    <message>
      <location filename="../../ui/form/address.py" line="161" />
      <source>Building</source>
      <translation>Корпус</translation>
    </message>
    <message>
      <location filename="../../ui/form/address.py" line="162" />
      <source>Flat</source>
      <translation>Квартира</translation>
    </message>
    <message>
      <location filename="../../ui/form/address.py" line="166" />
      <source>e.g. Іванівка, Житомирський</source>
      <translation>наприклад, Іванівка, Житомирський</translation>
    </message>
    <message>
      <source>The settlement's name; to tell apart villages of one name, add its hromada, raion or oblast after a comma</source>
      <translation>Назва населеного пункту; щоб розрізнити села з однаковою назвою, допишіть через кому громаду, район або область</translation>
    </message>
  </context>
  <context>
    <name>AddressesSection</name>
    <message>
      <location filename="../../ui/form/address.py" line="217" />
      <source>Addresses</source>
      <translation>Адреси</translation>
    </message>
    <message>
      <location filename="../../ui/form/address.py" line="218" />
      <source>Registered place of residence</source>
      <translation>Зареєстроване місце проживання</translation>
    </message>
    <message>
      <location filename="../../ui/form/address.py" line="219" />
      <source>Actual place of residence</source>
      <translation>Фактичне місце проживання</translation>
    </message>
    <message>
      <location filename="../../ui/form/address.py" line="220" />
      <source>The &amp;actual address is the same as the registered one</source>
      <translation>&amp;Фактична адреса збігається із зареєстрованою</translation>
    </message>
  </context>
  <context>
    <name>ApplicantSection</name>
    <message>
      <location filename="../../ui/form/applicant.py" line="98" />
      <source>Applicant</source>
      <translation>Заявник</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="100" />
      <source>S&amp;urname</source>
      <translation>&amp;Прізвище</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="101" />
      <source>&amp;Given name</source>
      <translation>&amp;Ім'я</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="102" />
      <source>&amp;Patronymic</source>
      <translation>По &amp;батькові</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="103" />
      <source>Date of &amp;birth</source>
      <translation>Дата &amp;народження</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="104" />
      <source>Se&amp;x</source>
      <translation>С&amp;тать</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="105" />
      <source>РНОКПП (&amp;taxpayer number)</source>
      <translation>&amp;РНОКПП (податковий номер)</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="106" />
      <source>Identity &amp;document</source>
      <translation>&amp;Документ, що посвідчує особу</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="107" />
      <source>Series</source>
      <translation>Серія</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="108" />
      <source>&amp;Number</source>
      <translation>Но&amp;мер</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="109" />
      <source>Issued by</source>
      <translation>Ким виданий</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="110" />
      <source>Date of issue</source>
      <translation>Дата видачі</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="111" />
      <source>Valid until</source>
      <translation>Дійсний до</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="112" />
      <source>УНЗР (record number)</source>
      <translation>УНЗР (запис у реєстрі)</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="114" />
      <source>Citizenship</source>
      <translation>Громадянство</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="113" />
      <source>P&amp;hone</source>
      <translation>Т&amp;елефон</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="114" />
      <source>&amp;E-mail</source>
      <translation>Е-по&amp;шта</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="115" />
      <source>Tell the decision by</source>
      <translation>Як повідомити про рішення</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="120" />
      <source>Refused a РНОКПП (mark in the passport)</source>
      <translation>Відмова від РНОКПП (відмітка в паспорті)</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="123" />
      <source>The person refused a РНОКПП for religious reasons; the passport carries that mark</source>
      <translation>Особа відмовилася від РНОКПП через релігійні переконання; про це є відмітка в паспорті</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="122" />
      <source>DD.MM.YYYY</source>
      <translation>ДД.ММ.РРРР</translation>
    </message>
    <message>
      <location filename="../../ui/form/applicant.py" line="125" />
      <source>YYYYMMDD-NNNNC</source>
      <translation>РРРРММДД-ННННК</translation>
    </message>
  </context>
  <context>
    <name>ApplicationForm</name>
    <message>
        <source>Storing this application&apos;s files first; then the next one opens.</source>
        <translation>Спершу зберігаються файли цієї заяви; потім відкриється наступна.</translation>
    </message>
    <message>
      <location filename="../../ui/form/form.py" line="280" />
      <source>Not a date — type it as DD.MM.YYYY</source>
      <translation>Це не дата — введіть у вигляді ДД.ММ.РРРР</translation>
    </message>
    <message>
      <location filename="../../ui/form/form.py" line="286" />
      <source>Choose the settlement from the list that appears as you type</source>
      <translation>Оберіть населений пункт зі списку, що з'являється під час введення</translation>
    </message>
  </context>
  <context>
    <name>AttachmentsSection</name>
    <message>
      <location filename="../../ui/form/attachments.py" line="109" />
      <source>Scans and photos</source>
      <translation>Скан-копії та фото</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="111" />
      <source>Drag files here or add them; large photos are reduced to scan size. Double-click a scan to see it large.</source>
      <translation>Перетягніть файли сюди або додайте їх; великі фото буде зменшено до розміру скан-копії. Двічі клацніть скан, щоб переглянути його збільшеним.</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="113" />
      <source>Add &amp;files…</source>
      <translation>Додати фай&amp;ли…</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="114" />
      <source>Remove (Delete)</source>
      <translation>Вилучити (Delete)</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="115" />
      <source>Which document does the selected file show?</source>
      <translation>Який документ на вибраному файлі?</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="135" />
      <source>Add scans or photos</source>
      <translation>Додати скан-копії або фото</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="138" />
      <source>Scans and photos (*.jpg *.jpeg *.jfif *.png *.tif *.tiff *.webp *.bmp *.gif *.heic *.heif *.avif *.pdf);;All files (*)</source>
      <translation>Скан-копії та фото (*.jpg *.jpeg *.jfif *.png *.tif *.tiff *.webp *.bmp *.gif *.heic *.heif *.avif *.pdf);;Усі файли (*)</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="172" />
      <source>The file is larger than 25 MB: %1. Scan it at a lower resolution or in parts.</source>
      <translation>Файл більший за 25 МБ: %1. Відскануйте його з меншою роздільністю або частинами.</translation>
    </message>
    <message>
      <source>No scans in the folder %1</source>
      <translation>У теці %1 немає скан-копій чи фото</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="300" />
      <source>Remove the scan</source>
      <translation>Видалення скан-копії</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="301" />
      <source>Remove «%1» from the application?</source>
      <translation>Видалити «%1» із заяви?</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="302" />
      <source>Remove</source>
      <translation>Видалити</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="190" />
      <source>Not a scan or a photo: %1. Add images (JPEG, PNG, TIFF…) or PDF files.</source>
      <translation>Це не скан і не фото: %1. Додайте зображення (JPEG, PNG, TIFF…) або PDF.</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="230" />
      <source>The image is too large in pixels to open: %1 (%2 × %3). Scan it at 300 dpi, or save it as JPEG, and add it again.</source>
      <translation>Зображення завелике в пікселях, щоб його відкрити: %1 (%2 × %3). Відскануйте його з роздільністю 300 dpi або збережіть як JPEG і додайте ще раз.</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="194" />
      <source>The file does not open: %1. It may be damaged or not fully copied; scan the document again or copy the file once more.</source>
      <translation>Файл не відкривається: %1. Можливо, він пошкоджений або скопійований не до кінця; відскануйте документ ще раз або скопіюйте файл повторно.</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="180" />
      <source>Already attached: %1 is the same file as %2.</source>
      <translation>Уже додано: %1 — той самий файл, що й %2.</translation>
    </message>
    <message>
      <source>The file is empty: %1. Scan the document again (or, from a cloud folder, download it first).</source>
      <translation>Файл порожній: %1. Відскануйте документ ще раз (а якщо він із хмарної теки — спершу завантажте його).</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="174" />
      <source>Cannot read the file: %1</source>
      <translation>Не вдалося прочитати файл: %1</translation>
    </message>
    <message>
      <location filename="../../ui/form/attachments.py" line="182" />
      <location filename="../../ui/form/attachments.py" line="188" />
      <source>Storing files: %1…</source>
      <translation>Зберігаються файли: %1…</translation>
    </message>
  </context>
  <context>
    <name>Choices</name>
    <message>
      <location filename="../../ui/form/choices.py" line="24" />
      <source>male</source>
      <translation>чоловіча</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="25" />
      <source>female</source>
      <translation>жіноча</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="32" />
      <source>ID card</source>
      <translation>Паспорт (ID-картка)</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="33" />
      <source>Passport (booklet)</source>
      <translation>Паспорт (книжечка)</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="34" />
      <source>Birth certificate</source>
      <translation>Свідоцтво про народження</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="35" />
      <source>Foreign passport</source>
      <translation>Закордонний паспорт</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="36" />
      <source>Residence permit</source>
      <translation>Посвідка на проживання</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="42" />
      <source>spouse</source>
      <translation>чоловік або дружина</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="43" />
      <source>child</source>
      <translation>дитина</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="44" />
      <source>parent</source>
      <translation>батько або мати</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="45" />
      <source>brother or sister</source>
      <translation>брат або сестра</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="46" />
      <source>grandchild</source>
      <translation>онук або онука</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="47" />
      <source>grandparent</source>
      <translation>дідусь або бабуся</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="48" />
      <source>ward</source>
      <translation>підопічний</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="49" />
      <source>other</source>
      <translation>інше</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="52" />
      <source>applicant</source>
      <translation>заявник</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="0" />
      <source>group I</source>
      <translation>І група</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="0" />
      <source>yes</source>
      <translation>так</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="0" />
      <source>no</source>
      <translation>ні</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="0" />
      <source>group II</source>
      <translation>ІІ група</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="0" />
      <source>group III</source>
      <translation>ІІІ група</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="0" />
      <source>disabled child</source>
      <translation>дитина з інвалідністю</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="61" />
      <location filename="../../ui/receipt.py" line="103" />
      <source>SMS</source>
      <translation>СМС</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="62" />
      <location filename="../../ui/receipt.py" line="104" />
      <source>E-mail</source>
      <translation>Е-пошта</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="63" />
      <location filename="../../ui/receipt.py" line="105" />
      <source>Phone call</source>
      <translation>Телефонний дзвінок</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="64" />
      <location filename="../../ui/receipt.py" line="106" />
      <source>Letter by post</source>
      <translation>Лист поштою</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="65" />
      <location filename="../../ui/receipt.py" line="107" />
      <source>In person at the office</source>
      <translation>Особисто в офісі</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="71" />
      <source>To a bank account (IBAN)</source>
      <translation>На банківський рахунок (IBAN)</translation>
    </message>
    <message>
      <location filename="../../ui/form/choices.py" line="72" />
      <source>By post</source>
      <translation>Поштовим переказом</translation>
    </message>
  </context>
  <context>
    <name>DocumentsSection</name>
    <message>
      <location filename="../../ui/form/documents.py" line="50" />
      <source>Documents received</source>
      <translation>Прийняті документи</translation>
    </message>
    <message>
      <location filename="../../ui/form/documents.py" line="51" />
      <source>Choose a service to see the documents it needs.</source>
      <translation>Оберіть послугу, щоб побачити потрібні документи.</translation>
    </message>
    <message>
      <location filename="../../ui/form/documents.py" line="53" />
      <source>The applicant has signed the &amp;consent to personal data processing</source>
      <translation>Заявник підписав &amp;згоду на обробку персональних даних</translation>
    </message>
  </context>
  <context>
    <name>DuplicateBanner</name>
    <message>
      <location filename="../../ui/form/duplicates.py" line="62" />
      <source>&lt;b&gt;This person already has an undecided application for the same service.&lt;/b&gt; Open it instead, or save this one as well?</source>
      <translation>&lt;b&gt;У цієї особи вже є нерозглянута заява на ту саму послугу.&lt;/b&gt; Відкрити її замість нової чи все одно зберегти цю?</translation>
    </message>
    <message>
      <location filename="../../ui/form/duplicates.py" line="70" />
      <source>№ %1</source>
      <translation>№ %1</translation>
    </message>
    <message>
      <location filename="../../ui/form/duplicates.py" line="80" />
      <source>Open %1</source>
      <translation>Відкрити %1</translation>
    </message>
    <message>
      <location filename="../../ui/form/duplicates.py" line="88" />
      <source>Save this one &amp;too</source>
      <translation>Все одно зберегти цю</translation>
    </message>
    <message>
      <location filename="../../ui/form/duplicates.py" line="89" />
      <source>Cancel</source>
      <translation>Скасувати</translation>
    </message>
  </context>
  <context>
    <name>FormHeader</name>
    <message>
        <source>Cancel the correction</source>
        <translation>Скасувати виправлення</translation>
    </message>
    <message>
        <source>Delete the draft</source>
        <translation>Видалити чернетку</translation>
    </message>
    <message>
        <source>Returned for correction: %1
Correct it and save as ready (Ctrl+S): the new revision is sent.</source>
        <translation>Повернуто на доопрацювання: %1
Виправте заяву та збережіть як готову (Ctrl+S): нову редакцію буде надіслано.</translation>
    </message>
    <message>
        <source>The registry did not accept this application:
%1
Correct it and save (Ctrl+S): it is sent again.</source>
        <translation>Реєстр не прийняв цю заяву:
%1
Виправте її та збережіть (Ctrl+S): її буде надіслано знову.</translation>
    </message>
    <message>
        <source>Fields to fill in: %1</source>
        <translation>Залишилось заповнити: %1</translation>
    </message>
    <message>
      <source>Until it is saved again, the changed application is a draft and is not sent</source>
      <translation>Доки заяву не збережено знову, змінена заява є чернеткою і не надсилається</translation>
    </message>
    <message>
      <source>&amp;Change it</source>
      <translation>&amp;Змінити заяву</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="88" />
      <source>Next problem (F8)</source>
      <translation>Наступна проблема (F8)</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="89" />
      <source>New (Ctrl+N)</source>
      <translation>Нова (Ctrl+N)</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="90" />
      <source>Save (Ctrl+S)</source>
      <translation>Зберегти (Ctrl+S)</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="91" />
      <source>&amp;Print the receipt</source>
      <translation>Др&amp;укувати розписку</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="92" />
      <source>Receipt as P&amp;DF…</source>
      <translation>Розписка в P&amp;DF…</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="106" />
      <source>New application</source>
      <translation>Нова заява</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="108" />
      <source>Application № %1</source>
      <translation>Заява № %1</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="111" />
      <source>revision %1</source>
      <translation>редакція %1</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="115" />
      <source>Draft saved at %1</source>
      <translation>Чернетку збережено о %1</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="117" />
      <location filename="../../ui/form/header.py" line="160" />
      <source>Drafts are saved automatically as you type.</source>
      <translation>Чернетка зберігається автоматично під час введення.</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="126" />
      <source>Saving the draft…</source>
      <translation>Зберігається чернетка…</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="129" />
      <source>The draft is NOT saved: %1. What you typed stays in the form.</source>
      <translation>Чернетку НЕ збережено: %1. Введене лишається у формі.</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="141" />
      <source>Errors: %1</source>
      <translation>Помилок: %1</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="147" />
      <source>Warnings: %1</source>
      <translation>Попереджень: %1</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="151" />
      <source>No problems</source>
      <translation>Помилок немає</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="158" />
      <source>Checking and saving…</source>
      <translation>Перевірка і збереження…</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="166" />
      <source>Wait a moment: files are still being stored.</source>
      <translation>Зачекайте хвилинку: файли ще зберігаються.</translation>
    </message>
    <message numerus="yes">
      <source>Not saved as ready: %n error(s) — fix the fields marked red (F8 goes to the next one).</source>
      <translation>
        <numerusform>Заяву не збережено як готову: %n помилка. Виправте поля, позначені червоним (F8 — до наступної).</numerusform>
        <numerusform>Заяву не збережено як готову: %n помилки. Виправте поля, позначені червоним (F8 — до наступної).</numerusform>
        <numerusform>Заяву не збережено як готову: %n помилок. Виправте поля, позначені червоним (F8 — до наступної).</numerusform>
      </translation>
    </message>
    <message>
      <source>Not saved as ready yet: no errors left — save it (Ctrl+S).</source>
      <translation>Заяву ще не збережено як готову: помилок більше немає — збережіть її (Ctrl+S).</translation>
    </message>
    <message>
      <source>Not saved as ready: fix what is said above.</source>
      <translation>Заяву не збережено як готову: виправте те, про що сказано вище.</translation>
    </message>
    <message>
      <source>What you typed is kept as a draft.</source>
      <translation>Усе введене збережено в чернетці.</translation>
    </message>
    <message>
      <source>The draft is NOT saved either: see why above.</source>
      <translation>Чернетку теж НЕ збережено: чому — сказано вище.</translation>
    </message>
    <message>
      <source>&lt;b&gt;Application № %1 is saved and has reached the registry: %2.&lt;/b&gt; Give the resident the receipt if you have not yet.</source>
      <translation>&lt;b&gt;Заяву № %1 збережено, вона вже в реєстрі: %2.&lt;/b&gt; Видайте заявникові розписку, якщо ще не видали.</translation>
    </message>
    <message>
      <source>Fix also what is said above.</source>
      <translation>Виправте також те, про що сказано вище.</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="180" />
      <source>Saved.</source>
      <translation>Збережено.</translation>
    </message>
    <message>
      <location filename="../../ui/form/header.py" line="183" />
      <source>&lt;b&gt;Application № %1 is saved&lt;/b&gt; and will be sent to the back office automatically. Give the resident the receipt.</source>
      <translation>&lt;b&gt;Заяву № %1 збережено&lt;/b&gt;, її буде автоматично надіслано до бек-офісу. Видайте заявникові розписку.</translation>
    </message>
  </context>
  <context>
    <name>HouseholdSection</name>
    <message>
      <location filename="../../ui/form/household.py" line="146" />
      <source>Household</source>
      <translation>Склад сім'ї</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="149" />
      <source>Relationship</source>
      <translation>Ким доводиться</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="150" />
      <source>Surname</source>
      <translation>Прізвище</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="151" />
      <source>Given name</source>
      <translation>Ім'я</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="152" />
      <source>Patronymic</source>
      <translation>По батькові</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="153" />
      <source>Date of birth</source>
      <translation>Дата народження</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="154" />
      <source>Sex</source>
      <translation>Стать</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="155" />
      <source>РНОКПП</source>
      <translation>РНОКПП</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="156" />
      <source>Document</source>
      <translation>Документ</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="157" />
      <source>Document number</source>
      <translation>Серія і номер</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="0" />
      <source>Disability</source>
      <translation>Інвалідність</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="0" />
      <source>Able to work</source>
      <translation>Може працювати</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="0" />
      <source>УНЗР</source>
      <translation>УНЗР</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="160" />
      <source>Add a &amp;member (Insert)</source>
      <translation>Додати &amp;члена сім'ї (Insert)</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="161" />
      <source>Remove the member (Ctrl+Delete)</source>
      <translation>Вилучити члена сім'ї (Ctrl+Delete)</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="187" />
      <source>The chosen services look at the whole household: list every member.</source>
      <translation>Для обраних послуг важливий склад сім'ї: внесіть усіх її членів.</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="190" />
      <source>The applicant's row fills itself in from the fields above.</source>
      <translation>Рядок заявника заповнюється автоматично з полів вище.</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="330" />
      <source>Not a date: %1 — type it as DD.MM.YYYY</source>
      <translation>Це не дата: %1 — введіть у вигляді ДД.ММ.РРРР</translation>
    </message>
    <message>
      <location filename="../../ui/form/household.py" line="348" />
      <source>Row %1</source>
      <translation>Рядок %1</translation>
    </message>
  </context>
  <context>
    <name>PaymentSection</name>
    <message>
      <location filename="../../ui/form/payment.py" line="30" />
      <source>Payment</source>
      <translation>Виплата</translation>
    </message>
    <message>
      <location filename="../../ui/form/payment.py" line="31" />
      <source>Pa&amp;y</source>
      <translation>&amp;Спосіб виплати</translation>
    </message>
    <message>
      <location filename="../../ui/form/payment.py" line="32" />
      <source>&amp;IBAN</source>
      <translation>&amp;IBAN</translation>
    </message>
  </context>
  <context>
    <name>Receipt</name>
    <message>
      <source>Receipt for application %1 — sheet %2 of %3</source>
      <translation>Розписка до заяви %1 — арк. %2 з %3</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="61" />
      <source>RECEIPT</source>
      <translation>РОЗПИСКА</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="62" />
      <source>of the acceptance of an application for social support</source>
      <translation>про прийняття заяви про соціальну підтримку</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="63" />
      <source>Application number</source>
      <translation>Номер заяви</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="64" />
      <source>Date of application</source>
      <translation>Дата звернення</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="65" />
      <source>Applicant</source>
      <translation>Заявник</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="66" />
      <source>born %1</source>
      <translation>дата народження %1</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="67" />
      <source>Services applied for</source>
      <translation>Послуги, за якими звернулися</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="68" />
      <source>Documents received</source>
      <translation>Прийняті документи</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="0" />
      <source>Still to be brought</source>
      <translation>Ще потрібно подати</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="69" />
      <source>none marked as received</source>
      <translation>не позначено жодного</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="70" />
      <source>Scans and photos attached: %1</source>
      <translation>Додано скан-копій і фото: %1</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="71" />
      <source>Accepted by</source>
      <translation>Прийняв (прийняла)</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="72" />
      <source>Place of acceptance</source>
      <translation>Місце прийому</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="73" />
      <source>workstation %1</source>
      <translation>робоче місце %1</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="74" />
      <source>%1 territorial community</source>
      <translation>%1 територіальна громада</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="75" />
      <source>The application has been accepted and recorded at the front office. It will be sent to %1, which makes the decision. No decision has been made yet.</source>
      <translation>Заяву прийнято та зареєстровано у фронт-офісі. Її буде надіслано до органу, що ухвалює рішення: %1. Рішення за заявою ще не ухвалено.</translation>
    </message>
    <message>
      <source>The application has been accepted and recorded at the front office. It will be sent to %1, which make the decisions. No decision has been made yet.</source>
      <translation>Заяву прийнято та зареєстровано у фронт-офісі. Її буде надіслано до органів, що ухвалюють рішення: %1. Рішення за заявою ще не ухвалено.</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="87" />
      <source>The application has been accepted and recorded at the front office and sent to %1, which makes the decision. No decision has been made yet.</source>
      <translation>Заяву прийнято та зареєстровано у фронт-офісі й надіслано до органу, що ухвалює рішення: %1. Рішення за заявою ще не ухвалено.</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="87" />
      <source>The application has been accepted and recorded at the front office and sent to %1, which make the decisions. No decision has been made yet.</source>
      <translation>Заяву прийнято та зареєстровано у фронт-офісі й надіслано до органів, що ухвалюють рішення: %1. Рішення за заявою ще не ухвалено.</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="87" />
      <source>The application has been accepted and recorded at the front office and sent to %1. The decision: %2.</source>
      <translation>Заяву прийнято та зареєстровано у фронт-офісі й передано на розгляд: %1. Рішення за заявою: %2.</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="87" />
      <source>granted</source>
      <translation>задоволено</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="87" />
      <source>refused</source>
      <translation>відмовлено</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="87" />
      <source>The application has been accepted and recorded at the front office and sent to %1. It has been returned for correction: %2</source>
      <translation>Заяву прийнято та зареєстровано у фронт-офісі й передано на розгляд: %1. Заяву повернуто на доопрацювання: %2</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="80" />
      <source>This receipt is your proof of the date you applied, also when the central systems are down or overloaded. Please keep it.</source>
      <translation>Ця розписка підтверджує дату Вашого звернення, зокрема тоді, коли центральні системи недоступні або перевантажені. Збережіть її.</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="0" />
      <source>You gave your consent to the processing of your personal data on %1. They are processed only to consider the application and to pay the assistance. You have the rights set out in Article 8 of the Law of Ukraine “On Personal Data Protection”: among them, to know who processes your data and why, to see them and to have them corrected.</source>
      <translation>Згоду на обробку Ваших персональних даних Ви надали %1. Їх обробляють лише для розгляду заяви та виплати допомоги. Ви маєте права, визначені статтею 8 Закону України «Про захист персональних даних», зокрема знати, хто і з якою метою обробляє Ваші дані, мати до них доступ і вимагати їх виправлення.</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="85" />
      <source>You will be told of the decision by: %1</source>
      <translation>Про рішення Вам повідомлять: %1</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="86" />
      <source>To ask about your application, give its number or show the QR code.</source>
      <translation>Щоб дізнатися про стан заяви, назвіть її номер або покажіть QR-код.</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="89" />
      <source>Specialist's signature</source>
      <translation>Підпис фахівця</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="90" />
      <source>Applicant's signature</source>
      <translation>Підпис заявника</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="92" />
      <source>the Pension Fund of Ukraine</source>
      <translation>Пенсійний фонд України</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="93" />
      <source>the social protection department</source>
      <translation>управління соціального захисту населення</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="95" />
      <source> and </source>
      <translation> та </translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="97" />
      <source>office</source>
      <translation>офіс</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="98" />
      <source>mobile service van</source>
      <translation>мобільний офіс (автомобіль)</translation>
    </message>
    <message>
      <location filename="../../ui/receipt.py" line="99" />
      <source>home visit</source>
      <translation>виїзд додому</translation>
    </message>
  </context>
  <context>
    <name>ServicesSection</name>
    <message>
      <location filename="../../ui/form/services.py" line="78" />
      <source>Services</source>
      <translation>Послуги</translation>
    </message>
    <message>
      <location filename="../../ui/form/services.py" line="79" />
      <source>&amp;Which services does the person apply for?</source>
      <translation>&amp;Які послуги потрібні особі?</translation>
    </message>
    <message>
      <location filename="../../ui/form/services.py" line="80" />
      <source>Type the code or the first letters, then press Space</source>
      <translation>Введіть код або перші літери й натисніть пробіл</translation>
    </message>
    <message>
      <location filename="../../ui/form/services.py" line="132" />
      <source>Choose the services first: the form then asks only for what they need.</source>
      <translation>Спершу оберіть послуги: форма запитає лише те, що для них потрібно.</translation>
    </message>
    <message>
      <location filename="../../ui/form/services.py" line="146" />
      <source>Pension Fund (ПФУ)</source>
      <translation>ПФУ</translation>
    </message>
    <message>
      <location filename="../../ui/form/services.py" line="147" />
      <source>social protection department (УСЗН)</source>
      <translation>УСЗН</translation>
    </message>
    <message>
      <location filename="../../ui/form/services.py" line="140" />
      <source>&lt;b&gt;Decided by:&lt;/b&gt; %1</source>
      <translation>&lt;b&gt;Рішення ухвалює:&lt;/b&gt; %1</translation>
    </message>
    <message>
      <location filename="../../ui/form/services.py" line="143" />
      <source>&lt;b&gt;Documents needed:&lt;/b&gt;</source>
      <translation>&lt;b&gt;Потрібні документи:&lt;/b&gt;</translation>
    </message>
    <message>
      <location filename="../../ui/form/services.py" line="145" />
      <source>&lt;b&gt;List the whole household&lt;/b&gt; — it matters for this help.</source>
      <translation>&lt;b&gt;Внесіть увесь склад сім'ї&lt;/b&gt; — він важливий для цієї допомоги.</translation>
    </message>
    <message>
      <location filename="../../ui/form/services.py" line="223" />
      <source>%1 — repeat application</source>
      <translation>%1 — повторне звернення</translation>
    </message>
    <message>
      <location filename="../../ui/form/services.py" line="228" />
      <source>Leave it empty for a first application. Tick it if the person has received this assistance before and applies for it again or extends it.</source>
      <translation>Для першого звернення залиште порожнім. Позначте, якщо особа вже отримувала цю допомогу і звертається знову або продовжує її.</translation>
    </message>
  </context>
<context>
    <name>DraftDiscarding</name>
    <message>
        <source>Cancel the correction</source>
        <translation>Скасувати виправлення</translation>
    </message>
    <message>
        <source>Cancel the correction of application № %1?

The changes made in this revision are deleted. The application stays returned for correction, as the back office returned it.</source>
        <translation>Скасувати виправлення заяви № %1?

Зміни, внесені в цю редакцію, буде видалено. Заява залишиться повернутою на доопрацювання — такою, як її повернули.</translation>
    </message>
    <message>
        <source>Delete the draft</source>
        <translation>Видалити чернетку</translation>
    </message>
    <message>
        <source>Delete draft № %1?

Everything typed about the resident and the scans added are deleted from this computer; it cannot be undone. If the resident was given a receipt with this number, it is no longer valid.</source>
        <translation>Видалити чернетку № %1?

Усе введене про заявника та додані скани буде видалено з цього комп'ютера; скасувати це не можна. Якщо заявникові видали розписку з цим номером, вона більше не дійсна.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <source>The correction of application № %1 is cancelled: it is again returned for correction.</source>
        <translation>Виправлення заяви № %1 скасовано: заява знову повернута на доопрацювання.</translation>
    </message>
    <message>
        <source>Draft № %1 is deleted.</source>
        <translation>Чернетку № %1 видалено.</translation>
    </message>
</context>
<context>
    <name>ScanPreview</name>
    <message>
      <location filename="../../ui/form/scan_preview.py" line="70" />
      <source>Only images (JPEG, PNG, TIFF…) can be looked at here.</source>
      <translation>Тут можна переглянути лише зображення (JPEG, PNG, TIFF…).</translation>
    </message>
</context>
<context>
    <name>ElsewhereNote</name>
    <message>
      <source>The settlement of today's place of work is not in the codifier loaded on this computer: choose it again in Settings (Ctrl+,), under “Where I work today”. Until then nothing can be saved as ready.</source>
      <translation>Населеного пункту сьогоднішнього місця роботи немає в кодифікаторі, завантаженому на цей комп'ютер: виберіть його знову в Налаштуваннях (Ctrl+,), у розділі «Де я працюю сьогодні». Доти жодну заяву не можна зберегти як готову.</translation>
    </message>
    <message>
      <source>Today's place of work: %1. Correct it in Settings (Ctrl+,), under “Where I work today”.</source>
      <translation>Сьогоднішнє місце роботи: %1. Виправте його в Налаштуваннях (Ctrl+,), у розділі «Де я працюю сьогодні».</translation>
    </message>
</context>
  <context>
    <name>Following</name>
    <message>
      <source>Changing application № %1: until you save it again (Ctrl+S) it is a draft and is not sent.</source>
      <translation>Зміна заяви № %1: доки ви не збережете її знову (Ctrl+S), вона є чернеткою і не надсилається.</translation>
    </message>
    <message>
      <source>Application № %1 has been sent to the registry meanwhile: it can no longer be changed here.</source>
      <translation>Заяву № %1 тим часом надіслано до реєстру: змінити її тут уже не можна.</translation>
    </message>
    <message>
      <source>Application № %1 is being sent to the registry right now, so it cannot be changed. Once the registry has answered it is either sent (and can no longer be changed here) or waiting again: then press “Change it” again.</source>
      <translation>Заява № %1 саме зараз надсилається до реєстру, тому змінити її не можна. Коли реєстр відповість, її буде або надіслано (і тут її вже не змінити), або вона знову очікуватиме надсилання: тоді натисніть «Змінити заяву» ще раз.</translation>
    </message>
    <message>
      <source>The registry&apos;s decision on application № %1: %2. The back office no longer waits for the correction (revision %3): it cannot be saved or sent, and the form is read-only.</source>
      <translation>Рішення реєстру щодо заяви № %1: %2. Бек-офіс більше не чекає на виправлення (редакцію %3): його не можна ні зберегти, ні надіслати, тож форма лише для перегляду.</translation>
    </message>
    <message>
      <source>Application № %1 is now “%2” in the registry: revision %3 on screen cannot be saved or sent any more, and the form is read-only.</source>
      <translation>Заява № %1 тепер у реєстрі має стан «%2»: редакцію %3 на екрані вже не можна ні зберегти, ні надіслати, тож форма лише для перегляду.</translation>
    </message>
    <message>
      <source>What you typed is kept on this computer: the application&apos;s card in the journal shows it under “Not sent”.</source>
      <translation>Усе введене збережено на цьому комп'ютері: картка заяви в журналі показує його в рядку «Не надіслано».</translation>
    </message>
    <message>
      <source>What you typed up to the last automatic save is kept on this computer (the application&apos;s card shows it under “Not sent”); your latest changes are NOT kept: they are only on this screen until another application is opened.</source>
      <translation>Введене до останнього автозбереження збережено на цьому комп'ютері (картка заяви показує його в рядку «Не надіслано»); останні зміни НЕ збережено: вони є лише на цьому екрані, доки не відкрито іншу заяву.</translation>
    </message>
    <message>
      <source>What you typed in this revision is NOT kept on this computer: it is only on this screen until another application is opened.</source>
      <translation>Введене в цій редакції НЕ збережено на цьому комп'ютері: воно є лише на цьому екрані, доки не відкрито іншу заяву.</translation>
    </message>
  </context>
</TS>
