"""Worker-facing messages of the core, in Ukrainian and English.

Validation problems and known errors carry a message *code*; the text is
looked up here so the GUI, the CLI and the registry speak alike.
"""

from __future__ import annotations

from typing import Any, Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # identifiers
    "rnokpp.format": ("РНОКПП має складатися з 10 цифр", "The РНОКПП must be 10 digits"),
    "rnokpp.checksum": (
        "РНОКПП містить помилку: не збігається контрольна цифра",
        "The РНОКПП has a typo: its check digit does not match",
    ),
    "rnokpp.birth_date": (
        "РНОКПП відповідає даті народження {expected}, а вказано {typed}",
        "The РНОКПП stands for the date of birth {expected}, but {typed} is entered",
    ),
    "rnokpp.sex": (
        "РНОКПП не відповідає статі особи",
        "The РНОКПП does not match the person's sex",
    ),
    "rnokpp.missing": (
        "Вкажіть РНОКПП або позначте відмову від нього",
        "Enter the РНОКПП or record that the person refused one",
    ),
    "rnokpp.refusal_with_number": (
        "Вказано і РНОКПП, і відмову від нього — залиште одне",
        "Both a РНОКПП and a refusal of one are recorded — keep one",
    ),
    "rnokpp.refusal_document": (
        "Відмову від РНОКПП засвідчує відмітка в паспорті громадянина України — перевірте паспорт",
        "A refusal of a РНОКПП is marked in the person's Ukrainian passport — check the passport",
    ),
    "unzr.format": (
        "УНЗР має вигляд РРРРММДД-ННННК (наприклад, 19850314-00423)",
        "The УНЗР looks like YYYYMMDD-NNNNC (e.g. 19850314-00423)",
    ),
    "unzr.date": ("УНЗР містить неіснуючу дату", "The УНЗР contains an impossible date"),
    "unzr.checksum": (
        "УНЗР містить помилку: не збігається контрольна цифра",
        "The УНЗР has a typo: its check digit does not match",
    ),
    "unzr.birth_date": (
        "УНЗР не відповідає даті народження",
        "The УНЗР does not match the date of birth",
    ),
    "unzr.not_id_card": (
        "УНЗР є лише в ID-картці, біометричному закордонному паспорті та посвідці на "
        "проживання — перевірте тип документа",
        "Only an ID card, a biometric passport for travel abroad and a residence permit "
        "carry a УНЗР — check the document type",
    ),
    "unzr.missing": ("Для ID-картки вкажіть УНЗР", "An ID card needs its УНЗР"),
    "passport.format": (
        "Паспорт-книжечка: дві українські великі літери і 6 цифр (наприклад, МК123456)",
        "Passport booklet: two Cyrillic capitals and 6 digits (e.g. МК123456)",
    ),
    "id_card.format": ("Номер ID-картки — 9 цифр", "An ID card number is 9 digits"),
    "birth_certificate.format": (
        "Свідоцтво про народження: серія римськими цифрами, дефіс, дві літери і 6 цифр "
        "(наприклад, I-БК123456)",
        "Birth certificate: Roman-numeral series, dash, two Cyrillic letters and 6 digits "
        "(e.g. I-БК123456)",
    ),
    "document.number_missing": ("Вкажіть номер документа", "Enter the document number"),
    "iban.country": (
        "IBAN українського рахунку починається з UA, а цей — з «{start}»",
        "A Ukrainian account's IBAN starts with UA; this one starts with «{start}»",
    ),
    "iban.country_cyrillic": (
        "IBAN: у «{start}» є літера кирилиці — наберіть UA латиницею (перемкніть розкладку "
        "клавіатури на англійську)",
        "IBAN: «{start}» has a Cyrillic letter in it — type UA in Latin (switch the keyboard "
        "layout to English)",
    ),
    "iban.letter": (
        "IBAN містить літеру «{character}» на {position}-й позиції — там має бути цифра",
        "The IBAN has the letter «{character}» at position {position} — a digit belongs there",
    ),
    "iban.character": (
        "IBAN містить знак «{character}» на {position}-й позиції — там має бути цифра від 0 до 9",
        "The IBAN has the character «{character}» at position {position} — a digit from 0 to 9 "
        "belongs there",
    ),
    "iban.length": (
        "IBAN має містити 29 символів (UA і 27 цифр), а тут їх {length}",
        "An IBAN has 29 characters (UA and 27 digits); this one has {length}",
    ),
    "iban.card_number": (
        "Це номер банківської картки, а не IBAN: виплату зараховують на рахунок. IBAN "
        "рахунку картки (UA і 27 цифр) є в застосунку банку або у виписці з рахунку",
        "That is a bank card number, not an IBAN: the payment goes to an account. The "
        "card account's IBAN (UA and 27 digits) is in the bank's app or on an account statement",
    ),
    "iban.checksum": (
        "IBAN містить помилку: не збігаються контрольні цифри",
        "The IBAN has a typo: its check digits do not match",
    ),
    "iban.missing": ("Вкажіть IBAN для виплати на рахунок", "Enter the IBAN for bank payment"),
    "katottg.format": (
        "Код КАТОТТГ має вигляд UA і 17 цифр",
        "A КАТОТТГ code is UA followed by 17 digits",
    ),
    "katottg.unknown": (
        "Такого населеного пункту немає в кодифікаторі",
        "No such settlement in the codifier",
    ),
    "workstation.format": (
        "Код робочого місця: 2–12 латинських великих літер або цифр",
        "Workstation code: 2–12 Latin capitals or digits",
    ),
    "workstation.not_latin": (
        "Код робочого місця: у ньому є літери кирилиці — наберіть його латиницею "
        "(перемкніть розкладку клавіатури на англійську): 2–12 латинських великих літер "
        "або цифр",
        "Workstation code: it has Cyrillic (or other non-Latin) letters — type it in Latin "
        "(switch the keyboard layout to English): 2–12 Latin capitals or digits",
    ),
    # people and dates
    "required": ("Обов'язкове поле", "Required field"),
    "name.characters": (
        "Лише літери, апостроф, дефіс, пробіл і крапка — без цифр і знаків",
        "Letters, apostrophes, hyphens, spaces and dots only — no digits or symbols",
    ),
    "name.mixed_script": (
        "Латинські літери ({letters}) серед українських в одному слові — введіть слово "
        "українськими літерами (або все латиницею, якщо так записано в документі)",
        "Latin letters ({letters}) among Cyrillic ones in one word — type the word in "
        "Cyrillic (or all in Latin if the document writes it so)",
    ),
    "status.draft": ("чернетка", "draft"),
    "status.ready": ("очікує надсилання", "waiting to be sent"),
    "status.sent": ("надіслано", "sent"),
    # (the back office took it up: not the desk's «Заяву прийнято» on the receipt)
    "status.accepted": ("прийнято до розгляду", "accepted"),
    "status.granted": ("задоволено", "granted"),
    "status.refused": ("відмовлено", "refused"),
    "status.returned": ("повернуто на доопрацювання", "returned for correction"),
    # (not a status of its own: a decision cancelled, the application accepted again)
    "status.reopened": (
        "рішення скасовано, заяву розглянуть знову",
        "decision cancelled, to be decided again",
    ),
    # a correction of a returned application, begun and not sent yet (a later revision's draft)
    "status.correcting": ("виправлення (чернетка)", "correction (draft)"),
    # an application's history (the audit log's actions)
    "history.created": ("Збережено на цьому робочому місці", "Saved on this workstation"),
    "history.saved": ("Змінено", "Changed"),
    "history.imported": ("Імпортовано", "Imported"),
    "history.correction_withdrawn": (
        "Виправлення не надіслано: реєстр більше не чекає на нього (заяву вирішено або "
        "повернуто до розгляду без виправлення); внесене відкладено — див. «Не надіслано»",
        "The correction was not sent: the registry no longer waits for it (the application "
        'was decided, or taken up again without it); what was entered is set aside — see "Not '
        'sent"',
    ),
    "history.correction_resumed": (
        "Виправлення розпочато знову з відкладеного: внесене раніше повернуто в чернетку",
        "Correction started again from the one set aside: what was entered before is back in "
        "the draft",
    ),
    "history.set_aside": (
        "Реєстр уже мав цю редакцію з іншими даними (з іншого комп'ютера): взято її, а "
        "внесене тут відкладено — див. «Не надіслано»",
        "The registry already held this revision with other data (from another computer): "
        'it was taken, and what was entered here set aside — see "Not sent"',
    ),
    "history.taken_from_registry": (
        "Цю редакцію взято з реєстру (тут була давніша: профіль відновлено з копії)",
        "This revision was taken from the registry (an earlier one was here: the profile was "
        "restored from a backup)",
    ),
    "history.sent": ("Доставлено до реєстру", "Delivered to the registry"),
    "history.quarantined": ("Реєстр не прийняв", "The registry did not accept it"),
    "history.sent_again": (
        "Реєстр більше не має цієї заяви (його відновлено з давнішої копії чи налаштовано "
        "заново): її буде надіслано знову",
        "The registry no longer holds this application (restored from an older copy or set "
        "up anew): it will be sent again",
    ),
    "history.revision_started": (
        "Розпочато виправлення (нова редакція)",
        "Correction started (new revision)",
    ),
    "history.personal_data_removed": (
        "Персональні дані видалено з цього комп'ютера: минув строк зберігання після рішення",
        "Personal data removed from this computer: the retention period after the decision is over",
    ),
    "history.correction_discarded": (
        "Виправлення скасовано: заява знову така, як її повернули",
        "Correction cancelled: the application is again as it was returned",
    ),
    "history.renumbered": (
        "Новий номер: у реєстрі вже була заява з номером {number} (видайте заявнику нову розписку)",
        "New number: the registry already had {number} (give the resident a new receipt)",
    ),
    "history.workstation_changed": (
        "Новий номер: код робочого місця виправлено (робоче місце ще не було "
        "зареєстровано), заява мала номер {detail} (видайте заявнику нову розписку)",
        "New number: the workstation code was corrected (the workstation was not enrolled "
        "yet); the application was {detail} (give the resident a new receipt)",
    ),
    "history.status": ("Реєстр: {status}", "Registry: {status}"),
    "history.community_changed": (
        "Код громади виправлено (робоче місце ще не було зареєстровано): {detail}",
        "Community code corrected (the workstation was not enrolled yet): {detail}",
    ),
    "severity.error": ("помилка", "error"),
    "severity.warning": ("попередження", "warning"),
    "katottg.not_settlement": (
        "Це область, район чи громада — оберіть населений пункт",
        "That is an oblast, raion or hromada — choose the settlement",
    ),
    "text.too_long": (
        "Задовго: не більше {max} символів (реєстр не прийме довшого)",
        "Too long: at most {max} characters (the registry takes no longer)",
    ),
    "attachments.too_many": (
        "Забагато сканів: не більше {max} (реєстр не прийме більше) — зберіть сторінки "
        "одного документа в один PDF",
        "Too many scans: at most {max} (the registry takes no more) — put the pages of one "
        "document in one PDF",
    ),
    "notify.sms_without_phone": (
        "Рішення повідомлять СМС — вкажіть номер телефону (або оберіть інший спосіб)",
        "The decision is to be told by SMS — give a phone number (or choose another way)",
    ),
    "notify.phone_without_phone": (
        "Рішення повідомлять телефоном — вкажіть номер (або оберіть інший спосіб)",
        "The decision is to be told by phone — give the number (or choose another way)",
    ),
    "notify.email_without_address": (
        "Рішення повідомлять електронною поштою — вкажіть адресу (або оберіть інший спосіб)",
        "The decision is to be told by e-mail — give the address (or choose another way)",
    ),
    "document.adult_birth_certificate": (
        "Свідоцтво про народження — документ дитини: дорослого заявника посвідчує паспорт "
        "чи ID-картка (або посвідка на проживання)",
        "A birth certificate is a child's document: an adult applicant is identified by a "
        "passport or ID card (or a residence permit)",
    ),
    "list.too_many": (
        "Забагато: не більше {max} (реєстр не прийме більше)",
        "Too many: at most {max} (the registry takes no more)",
    ),
    "date.future": (
        "Дата не може бути в майбутньому (сьогодні за годинником цього комп'ютера {today}; "
        "якщо це не так — виправте дату комп'ютера)",
        "The date cannot be in the future (today is {today} by this computer's clock; if "
        "that is wrong, correct the computer's date)",
    ),
    "date.future_known": (
        # (this computer's clock is known to be behind the registry's: the registry's date
        # at the last sync is taken for today, and it is at least that)
        "Дата не може бути в майбутньому (годинник цього комп'ютера відстає; за часом "
        "реєстру під час останньої синхронізації сьогодні щонайменше {today})",
        "The date cannot be in the future (this computer's clock is behind; by the "
        "registry's time at the last sync today is at least {today})",
    ),
    "date.future_registry": (
        # (the registry's answer: it takes the latest date on Earth, so no worker's clock is
        # to blame — a date nowhere come yet is a typo)
        "Дата в майбутньому: такого дня ще ніде не настало (за годинником реєстру сьогодні "
        "щонайпізніше {today}) — перевірте дату",
        "The date is in the future: that day has not come anywhere yet (by the registry's "
        "clock today is {today} at the latest) — check the date",
    ),
    "date.too_old": (
        "Дата надто давня — перевірте рік",
        "The date is too long ago — check the year",
    ),
    "date.invalid": ("Неправильна дата", "Invalid date"),
    "text.invalid": (
        "Текст містить недопустимий символ (наприклад, пошкоджений емодзі) — виправте його",
        "The text holds an invalid character (a broken emoji, say) — correct it",
    ),
    "date.expired": ("Строк дії документа минув", "The document has expired"),
    "date.expiry_before_issue": (
        "Строк дії закінчується раніше за дату видачі",
        "The expiry date is before the issue date",
    ),
    "date.issue_before_birth": (
        "Документ видано раніше за дату народження",
        "The document was issued before the date of birth",
    ),
    "sex.invalid": ("Стать: Ч або Ж", "Sex: M or F"),
    "email.format": ("Неправильна адреса е-пошти", "Invalid e-mail address"),
    "citizenship.unknown": (
        "Громадянство: невідомий код країни «{code}» — оберіть країну зі списку",
        "Citizenship: unknown country code '{code}' — choose the country from the list",
    ),
    "phone.format": (
        "Телефон у форматі +380XXXXXXXXX (іноземний — з кодом країни: +48…)",
        "Phone in the form +380XXXXXXXXX (a foreign one with its country code: +48…)",
    ),
    "phone.foreign": (
        "Іноземний номер: SMS із рішенням може не надійти — домовтеся про інший спосіб "
        "повідомлення",
        "A foreign number: an SMS with the decision may not reach it — agree on another way "
        "to tell the person",
    ),
    # the application as a whole
    "services.missing": ("Оберіть хоча б одну послугу", "Choose at least one service"),
    "services.unknown": ("Невідома послуга: {code}", "Unknown service: {code}"),
    "services.duplicate": ("Послугу {code} обрано двічі", "Service {code} is chosen twice"),
    "address.empty": (
        "Заповніть хоча б одну адресу (зареєстровану або фактичну)",
        "Fill in at least one address (registered or actual)",
    ),
    "postcode.format": ("Поштовий індекс — 5 цифр", "A postcode is 5 digits"),
    "household.applicant_missing": (
        "Заявника немає у складі сім'ї — додайте його рядком «заявник»",
        "The applicant is missing from the household — add a row «applicant»",
    ),
    "household.applicant_twice": (
        "Заявника вказано у складі сім'ї більше одного разу",
        "The applicant appears in the household more than once",
    ),
    "household.applicant_mismatch": (
        "Рядок «заявник» у складі сім'ї не збігається з даними заявника",
        "The «applicant» row of the household does not match the applicant",
    ),
    "household.duplicate_person": (
        "Ця особа вже є у складі сім'ї",
        "This person is already in the household",
    ),
    "household.children_missing": (
        # (who: with the service's age limit, "дітей до 23 років"; left_out: those of the
        # relationship the limit leaves out, household.children_left_out, or nothing)
        "Послуга {code} — на {who_uk} у складі сім'ї: потрібно щонайменше {at_least}, "
        "зараз — {found}{left_out_uk}. Додайте до складу сім'ї тих, на кого просять допомогу",
        "Service {code} is for {who} in the household: at least {at_least} needed, "
        "{found} now{left_out}. Add those the help is asked for to the household",
    ),
    "household.children_left_out": (
        " (не враховано за віком: {names})",
        " (left out for their age: {names})",
    ),
    "household.disability_missing": (
        "Послуга {code} — для особи з інвалідністю, але в складі сім'ї ні в кого не вказано "
        "інвалідності: позначте її в стовпці «Інвалідність» (у рядку заявника чи дитини)",
        "Service {code} is for a person with a disability, but no one in the household has "
        "one: set it in the «Disability» column (in the applicant's or the child's row)",
    ),
    "household.birth_too_long_ago": (
        "Від дня народження дитини минуло понад {months} місяців, а за послугою "
        "«{service_uk}» звертаються не пізніше — скажіть заявникові, що в ній можуть відмовити",
        "More than {months} months have passed since the child's birth, and «{service}» is "
        "applied for no later — tell the applicant it may be refused",
    ),
    "documents.required_missing": (
        "Для послуги потрібен документ: {name_uk}",
        "The service needs this document: {name}",
    ),
    "consent.missing": (
        "Потрібна згода на обробку персональних даних",
        "Consent to personal data processing is required",
    ),
    "payment.method": ("Оберіть спосіб виплати", "Choose the payment method"),
    "attachment.hash": (
        "Вкладення має неправильний SHA-256",
        "The attachment has an invalid SHA-256",
    ),
    "schema": ("Неправильна структура документа: {detail_uk}", "Malformed document: {detail}"),
    # why the registry did not take a revision (the outbox keeps it for the worker)
    "revision.conflict": (
        "Реєстр уже має цю редакцію заяви з іншим змістом — зверніться до адміністратора",
        "The registry already has this revision with other content — call your administrator",
    ),
    "revision.unexpected": (
        "Реєстр не чекав цієї редакції заяви (попередню не повертали на доопрацювання) — "
        "зверніться до адміністратора",
        "The registry did not expect this revision (the previous one was not returned for "
        "correction) — call your administrator",
    ),
    "blobs.missing": (
        "Реєстр так і не отримав вкладення цієї заяви — збережіть заяву ще раз, щоб "
        "надіслати їх знову",
        "The registry never got this application's attachments — save it again to resend them",
    ),
    "attachment.missing": (
        "Скан вкладення зник з цього комп'ютера — додайте його знову і збережіть заяву",
        "An attachment's scan is gone from this computer — attach it again and save",
    ),
    "attachment.missing_named": (
        "Скан «{files}» зник з цього комп'ютера — додайте його знову і збережіть заяву",
        "The scan “{files}” is gone from this computer — attach it again and save",
    ),
    "attachments.missing_named": (
        "Скани {files} зникли з цього комп'ютера — додайте їх знову і збережіть заяву",
        "The scans {files} are gone from this computer — attach them again and save",
    ),
    "attachment.refused": (
        "Реєстр не приймає вкладення (завеликий файл?) — замініть скан і збережіть заяву",
        "The registry refuses an attachment (file too large?) — replace the scan and save",
    ),
}


def refusal_text(reason: dict[str, Any], lang: str = "uk", *, fields: bool = False) -> list[str]:
    """Why the registry did not accept a revision, a line per problem, as the worker reads it
    (``fields``: each line led by the field it is about, for the IT person's command line).

    ``reason`` is what the outbox keeps: the registry's per-field problems (already
    worded in both languages) or the code of what went wrong.
    """
    key = "message_en" if lang == "en" else "message"
    lines: list[str] = []
    problems = reason.get("problems")
    for problem in problems if isinstance(problems, list) else []:
        if not isinstance(problem, dict):
            continue  # what the registry sent is kept as it came; show only what reads
        line = str(problem.get(key) or problem.get("message") or problem.get("code") or "")
        if line and fields and problem.get("field"):
            line = f"{problem['field']}: {line}"
        if line and line not in lines:
            lines.append(line)
    files = reason.get("files")  # (the lost scans by name; an older quarantine has none)
    if not lines and reason.get("error") == "attachment.missing" and isinstance(files, list):
        names = [str(name) for name in files if name]
        if len(names) == 1:
            lines.append(text("attachment.missing_named", lang, files=names[0]))
        elif names:
            quoted = ", ".join(f"«{name}»" if lang != "en" else f"“{name}”" for name in names)
            lines.append(text("attachments.missing_named", lang, files=quoted))
    if not lines:
        lines.append(text(str(reason.get("error") or reason.get("outcome") or "?"), lang))
    return lines


def history_text(action: str, detail: str = "", lang: str = "uk") -> str:
    """One step of an application's history (an audit action), as the worker would say it;
    an action this version does not know is shown as it is."""
    if action == "renumbered":  # detail: the number it had
        return text("history.renumbered", lang, number=detail)
    if action.startswith("status:"):
        status = text("status." + action.split(":", 1)[1], lang)
        return text("history.status", lang, status=status[:1].upper() + status[1:])
    known = "history." + action in MESSAGES
    return text("history." + action, lang, detail=detail) if known else action


def history_at(action: str, at: str, detail: str = "") -> str:
    """When a step of an application's history happened: a status the registry reported,
    when the registry recorded it (kept as its detail: the back office's date, not when
    this laptop heard of it); any other step, when it was written here."""
    if action.startswith("status:") and detail:
        return detail
    return at


def text(code: str, /, lang: str = "uk", **params: object) -> str:
    """The message for ``code`` in ``lang`` ('uk' or 'en'), with parameters filled in."""
    uk, en = MESSAGES.get(code, (code, code))
    template = en if lang == "en" else uk
    try:
        return template.format_map(_Params(params))
    except (KeyError, IndexError):
        return template


class _Params(dict[str, object]):
    """A message's parameters; ``{x_uk}`` falls back to ``{x}`` when only one wording was
    given (e.g. a reason from an older registry, which says it in English only)."""

    def __missing__(self, key: str) -> object:
        if key.endswith("_uk") and key[:-3] in self:
            return self[key[:-3]]
        raise KeyError(key)
