"""One owner for the live take: its stage, the text parsed while the user speaks, release and cancel.

Every event about a take (press, text heard while speaking, release, the final text, cancel, and the model worker's
preview, record, answer or failure) goes through one `TakeCoordinator`, called on one thread (the app's GUI thread;
the streaming threads and the model worker reach it through queued signals), so the events meet it in order and
nothing else writes a take's state. An event that does not fit the take's stage is logged and ignored.

    RECORDING ─release─► UNDERSTANDING ─preview─► CARD ─finished─► DONE   (the card opens early, then completes)
                         UNDERSTANDING ─finished─► DONE                     (its card or answer opens)
    RECORDING ─cancel─► DONE                                                (thrown away: nothing filed)
                         UNDERSTANDING ─cancel─► CANCELLED ─finished─►      (filed as a draft; no card opens)

The model worker finishes takes one at a time in the order they were released, and ends each with exactly one
record, answer or failure; so the oldest released take is the one its next result belongs to.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

log = logging.getLogger(__name__)


class Stage(Enum):
    RECORDING = "recording"
    UNDERSTANDING = "understanding"  # released: the last words and the parse are on their way
    CARD = "card"  # its card is open with what the rules found; the model's record completes it
    CANCELLED = "cancelled"  # cancelled after release: filed as a draft, no card opens
    DONE = "done"


@dataclass(frozen=True)
class Speculation:
    """Text the model worker parses while the user speaks. `stale` is set once newer text, a different final text
    or a cancel makes the parse useless: the worker gives it up then."""

    text: str
    now: datetime
    stale: threading.Event = field(default_factory=threading.Event, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, datetime]:
        return self.text, self.now


@dataclass
class LiveTake:
    id: int
    now: datetime  # when it was spoken: relative dates count from here
    stage: Stage = Stage.RECORDING
    released_at: float | None = None
    speculation: Speculation | None = None
    heard: str | None = None  # the final text, once the last words are decoded
    early: tuple[str, Any] | None = None  # a speculation's text and what the rules found in it (its preview)

    @property
    def cancelled(self) -> bool:
        return self.stage is Stage.CANCELLED


class TakeCoordinator:
    """The stages of the takes from press to card. Not thread-safe by design: one thread calls it."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._clock = clock
        self._ids = itertools.count(1)
        self._recording: LiveTake | None = None
        self._released: deque[LiveTake] = deque()  # in release order, which is the model worker's order

    @property
    def recording(self) -> LiveTake | None:
        return self._recording

    @property
    def understanding(self) -> LiveTake | None:
        """The newest released take still being understood: the one the overlay shows after release."""
        return next((t for t in reversed(self._released) if t.stage is Stage.UNDERSTANDING), None)

    # --- the person ------------------------------------------------------------------------------------------------

    def press(self, now: datetime) -> LiveTake | None:
        """A take starts recording. A take already recording keeps going (the press is ignored); takes released
        before it go on being understood."""
        if self._recording is not None:
            log.warning("press while take %d is recording: ignored", self._recording.id)
            return None
        self._recording = LiveTake(next(self._ids), now)
        return self._recording

    def release(self) -> LiveTake | None:
        """The recording take is handed over to be understood."""
        take = self._recording
        if take is None:
            log.warning("release with no take recording: ignored")
            return None
        self._recording = None
        take.stage, take.released_at = Stage.UNDERSTANDING, self._clock()
        self._released.append(take)
        return take

    def abort(self) -> LiveTake | None:
        """The recording take ended without a recording (the microphone failed): it is gone."""
        take, self._recording = self._recording, None
        if take is None:
            log.warning("abort with no take recording: ignored")
            return None
        self._give_up_speculation(take)
        take.stage = Stage.DONE
        return take

    def cancel(self) -> LiveTake | None:
        """Cancel the take the overlay shows. A recording one is thrown away (returned with `released_at` None); one
        being understood is still filed, as a draft, but no card opens for it (stage CANCELLED)."""
        if self._recording is not None:
            return self.abort()
        take = self.understanding
        if take is None:
            log.info("cancel with no take recording or being understood: ignored")
            return None
        self._give_up_speculation(take)
        take.stage = Stage.CANCELLED
        return take

    # --- the streaming threads -------------------------------------------------------------------------------------

    def spoken(self, take_id: int, text: str) -> Speculation | None:
        """Text heard while the take records: a new speculation to parse, or None when it is the text already being
        parsed or the take is no longer recording (an event that was on its way at release)."""
        take = self._recording
        if take is None or take.id != take_id:
            log.debug("text of take %d after its recording ended: not parsed", take_id)
            return None
        if take.speculation is not None and take.speculation.text == text:
            return None
        self._give_up_speculation(take)
        take.speculation = Speculation(text, take.now)
        return take.speculation

    def final_text(self, take_id: int, text: str) -> LiveTake | None:
        """The last words are decoded: a speculation of other text gives way; one of this very text goes on. Returns
        the take when its card can open now, on what the rules found in that speculation (`early_card`)."""
        take = self._find(take_id)
        if take is None or take.stage is not Stage.UNDERSTANDING:
            log.debug("final text of take %d, which is not being understood: ignored", take_id)
            return None
        take.heard = text
        if take.speculation is not None and take.speculation.text != text:
            self._give_up_speculation(take)
        return self._early_card(take)

    def speculation_previewed(self, speculation: Speculation, preview: Any) -> LiveTake | None:
        """What the rules found in a speculation's text, before the model is asked: kept with its take, and the take
        returned when its card can open now. The one model worker is still busy with that speculation when the
        release comes, so this is the only way the card opens before the model answers."""
        take = next((t for t in (self._recording, *self._released) if t is not None and t.speculation is speculation),
                    None)
        if take is None or speculation.stale.is_set():
            return None
        take.early = (speculation.text, preview)
        return self._early_card(take)

    def _early_card(self, take: LiveTake) -> LiveTake | None:
        """The take, when it is the oldest being understood, its final text is known, and a speculation of exactly
        that text has a preview."""
        if (take.stage is Stage.UNDERSTANDING and take.heard is not None and take.early is not None
                and take.early[0] == take.heard and take is self.oldest):
            return take
        return None

    # --- the model worker, in release order ------------------------------------------------------------------------

    @property
    def oldest(self) -> LiveTake | None:
        """The released take the model worker's next result belongs to."""
        return self._released[0] if self._released else None

    def previewed(self) -> bool:
        """What the rules found for the oldest released take is ready: whether its card opens now. Not for a
        cancelled take; a preview of no take released here (handed to the worker directly) opens as it comes."""
        take = self.oldest
        if take is None:
            log.info("a preview for a take not released here")
            return True
        if take.stage is Stage.UNDERSTANDING:
            take.stage = Stage.CARD
            return True
        if take.stage is not Stage.CANCELLED:
            log.warning("preview of take %d at stage %s: ignored", take.id, take.stage.value)
        return False

    def finished(self) -> LiveTake | None:
        """The worker is done with the oldest released take (a record, an answer or a failure). Returns it, at the
        stage it ended in (CANCELLED: show nothing for it), or None for a result of a take not released here."""
        if not self._released:
            log.info("a result for a take not released here")
            return None
        take = self._released.popleft()
        take.speculation = None
        if take.stage is not Stage.CANCELLED:
            take.stage = Stage.DONE
        return take

    def _find(self, take_id: int) -> LiveTake | None:
        return next((t for t in self._released if t.id == take_id), None)

    @staticmethod
    def _give_up_speculation(take: LiveTake) -> None:
        if take.speculation is not None:
            take.speculation.stale.set()
            take.speculation = None
