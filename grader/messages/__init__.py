"""Every message a learner sees, by id, in English and Korean, merged from one module per area.

Exercise-specific text (titles, hints, mistakes) lives in the catalog records instead. A test
requires both languages for every id, with the same placeholders. Add an area by adding a
module here and one line below.
"""
from dlgrade.messages import batch, core, course, diagnose, files, gpu, inline, nb, quiz, sandbox, selfstudy

MESSAGES = {}
for _area in (core, batch, quiz, selfstudy, nb, gpu, inline, course, files, sandbox, diagnose):
    _clash = MESSAGES.keys() & _area.MESSAGES.keys()
    assert not _clash, f"message ids defined twice: {sorted(_clash)}"
    MESSAGES.update(_area.MESSAGES)
