"""What backups and restores say (:mod:`frontdesk.backup`, :mod:`frontdesk.daily_backup`),
in Ukrainian and English: registered in :data:`frontdesk.messages.MESSAGES` under each code."""

from __future__ import annotations

from frontdesk.messages import MESSAGES

MIN_PASSPHRASE = 10

MESSAGES.update(
    {
        "backup.newer_version": (
            "Цю резервну копію записала новіша версія FrontDesk (версія бази даних {found}, "
            "а ця програма, FrontDesk {version}, знає лише до {known}) — нічого не змінено. "
            "Відновіть її новішою версією FrontDesk",
            "This backup was written by a newer version of FrontDesk (database version "
            "{found}, while this program, FrontDesk {version}, knows only up to {known}) — "
            "nothing was changed. Restore it with the newer FrontDesk",
        ),
        "backup.newer_version.named": (
            "Цю резервну копію записала новіша версія FrontDesk ({needed}; версія бази даних "
            "{found}, а ця програма, FrontDesk {version}, знає лише до {known}) — нічого не "
            "змінено. Відновіть її FrontDesk {needed} або новішим",
            "This backup was written by a newer version of FrontDesk ({needed}; database "
            "version {found}, while this program, FrontDesk {version}, knows only up to "
            "{known}) — nothing was changed. Restore it with FrontDesk {needed} or newer",
        ),
        "backup.not_found": (
            "Файл резервної копії не знайдено: {path} (перевірте шлях; це має бути файл, "
            "а не тека) — нічого не змінено",
            "No backup file at {path} (check the path; it must be a file, not a folder) — "
            "nothing was changed",
        ),
        "backup.inside_profile": (
            "Резервну копію не можна записувати в теку профілю ({path}): вона зіпсувала б "
            "профіль і зникла б разом із ним — нічого не змінено. Виберіть іншу теку, "
            "найкраще на USB-диску чи в мережевій теці",
            "A backup cannot be written into the profile's folder ({path}): it would damage "
            "the profile and be lost with it — nothing was changed. Choose another folder, "
            "best on a USB disk or a network folder",
        ),
        "backup.profile_damaged": (
            "Файл бази даних цього комп'ютера пошкоджено (ймовірно, диск), тож копію не "
            "збережено: вона не відновилася б. Попередні копії — справні. Зверніться до "
            "адміністратора: відновіть останню справну копію (frontdesk restore)",
            "This computer's database file is damaged (the disk, most likely), so the copy "
            "was not kept: it would not restore. The copies made before are sound. Call your "
            "administrator: restore the last sound copy (frontdesk restore)",
        ),
        "backup.failed_inside": (
            "внутрішня помилка програми; подробиці в журналі",
            "an error inside the program; the details are in the log",
        ),
        "backup.not_a_backup": (
            "{path}: це не резервна копія FrontDesk (файл порожній або пошкоджений) — "
            "нічого не змінено",
            "{path} is not a FrontDesk backup (the file is empty or damaged) — nothing was changed",
        ),
        "backup.daily_passphrase_missing": (
            "пароль щоденної копії не збережено на цьому комп'ютері (наприклад, після "
            "відновлення) — копій не роблять, доки його не введено знову: Обслуговування "
            "→ Щоденна копія або frontdesk backup --schedule ТЕКА",
            "the daily backup's passphrase is not stored on this computer (after a "
            "restore, say) — no copies are made until it is typed again: Service → Daily "
            "backup, or frontdesk backup --schedule FOLDER",
        ),
        "backup.daily_folder_missing": (
            "теки для щоденних копій немає: {path} — якщо вона на флешці, вставте її; або "
            "виберіть іншу теку: Обслуговування → Щоденна копія",
            "the daily backups' folder is not there: {path} — if it is on a USB stick, plug "
            "it in; or choose another folder: Service → Daily backup",
        ),
        "backup.wrong_passphrase": (
            "Пароль резервної копії не підходить (або файл пошкоджено) — нічого не змінено",
            "The backup passphrase does not fit (or the file is damaged) — nothing was changed",
        ),
        "backup.short_passphrase": (
            f"Пароль резервної копії має бути не коротшим за {MIN_PASSPHRASE} символів",
            f"The backup passphrase must be at least {MIN_PASSPHRASE} characters",
        ),
        "backup.easy_passphrase": (
            "Пароль резервної копії надто простий (поширений, з кількох однакових знаків чи "
            "підряд на клавіатурі): загублену копію з ним відкриють. Візьміть кілька слів",
            "The backup passphrase is too easy to guess (a common one, a few characters "
            "repeated, or keys in a row): a lost copy could be opened with it. Use a few words",
        ),
    }
)
