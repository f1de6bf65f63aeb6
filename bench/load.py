"""A class at once: simulated students drive a real course server and time its answers.

Each student is one websocket speaking Streamlit's own protocol, as a browser tab does
(no browser): it opens a lesson, then, after an exponential think time, either moves one
control of the page or (one move in five, ``--switch``) opens another lesson. Students
arrive spread over the first 10 s and leave after ``--minutes``. At the end a table
gives the latency of every kind of interaction, the server's CPU and memory (with
``--start-server``), and a PASS/FAIL line against the goals: every interaction
answered, median <= 300 ms, p95 <= 2 s, no error, no session drawing another's settings
(latency goals over the students' own openings and moves; animation ticks apart).

    .venv/bin/python bench/load.py [--students 30] [--think 5] [--minutes 2]
        [--switch 0.2] [--seed 0] [--url http://localhost:8501] [--start-server]
        [--wait-warmup] [--stress] [--verbose]

``--start-server`` serves the course as ``make run`` does (scripts/serve.sh on a free
port, in its own process group, under ``timeout``), waits for "The course is ready",
samples its CPU time and RSS from /proc, and stops it at the end; the start-up warm-up
that serve.sh runs beside the server is measured apart (``--wait-warmup``: let it
finish before the class arrives). ``--stress``: a move every 2 s on average instead of
5. ``--verbose``: a line per interaction. Only a server on this machine is contacted.

How a browser talks to Streamlit 1.67 (read from streamlit/web/server/starlette/
starlette_websocket.py, runtime/app_session.py and the widgets' own code):

1. Connect to ``ws://HOST:PORT/_stcore/stream`` offering the subprotocol ``streamlit``.
   The browser adds its XSRF token as a second entry; the server only uses it to read a
   login cookie, so a client without login needs neither token nor cookie. Every frame
   is a binary protobuf: ``BackMsg`` up, ``ForwardMsg`` down.
2. A run is asked for with ``BackMsg(rerun_script=ClientState(...))``: the first one
   names the page by its URL path (``page_name``, "" for the default page) with no widget
   states; later ones name it by the ``page_script_hash`` the server sent in its
   ``navigation`` message, and carry every widget's value (``widget_states``).
3. The server answers with a stream of ForwardMsgs: ``new_session`` (a run starts;
   ``metadata.run.fragment_ids`` is set for a fragment's run), ``navigation``, ``delta``
   (``new_element`` or ``add_block`` at ``metadata.delta_path``, whose first entry is the
   root container: 0 main, 1 sidebar; ``delta.fragment_id`` inside a fragment),
   ``page_info_changed`` (the URL's query string), ``auto_rerun``/``stop_auto_rerun``
   (``st.fragment(run_every=...)``), ``page_not_found``, and ``script_finished``, which
   ends the run unless its status is FINISHED_EARLY_FOR_RERUN (another run follows).
   A script error is a ``new_element`` holding an ``exception``.
4. A widget's value lives in the browser. The server sends it only when the script set
   it (``set_value`` true, the value in ``value``/``raw_value``); otherwise the element
   carries its ``default``. So a student keeps every widget's value as a browser does
   and sends all of them with each rerun, as ``WidgetState(id=element id, ...)``:
   slider ``double_array_value`` (int sliders too), select_slider
   ``string_array_value`` of option labels, selectbox and radio ``string_value`` (the
   option's label), number_input ``int_value`` (``double_value`` for a float input),
   checkbox and toggle ``bool_value``.
5. A control inside an ``st.fragment`` reruns only its fragment: ``ClientState.
   fragment_id`` is the element's ``delta.fragment_id``. A fragment with ``run_every``
   (TrAdaBoost's play toggle) makes the browser ask for that fragment's rerun every
   ``interval`` seconds, with ``is_auto_rerun``; a student does so while it thinks.

Moves: one control at random among the main area's sliders, select sliders, select
boxes, radios, number inputs, checkboxes and toggles (not buttons, not the self-check
radios that start unanswered, not the sidebar's language picker, not a control inside a
fragment that is animating). Its new value is one no student has sent for that control
of that lesson yet when there is one (a seed: a fresh integer from 1000 on), else any
other value. A move counts as a *new setting* when no student has yet run the page with
that exact combination of values, *seen* otherwise.

No session may draw another's settings. Two checks: (1) whenever the server sends a
widget's value back (``set_value``), it must be the value this student sent; (2) the
page drawn (every element but the widgets, hashed) must be the same whenever any student
runs a lesson with the same values; a page that differs means a run drew something it
was not asked for.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import itertools
import math
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Checkbox_pb2 import Checkbox
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.RootContainer_pb2 import SIDEBAR
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ui.course import HOME, LESSONS  # noqa: E402

INTERACTION_TIMEOUT = 30.0  # seconds without the run's end: "no answer"
ARRIVAL_SPREAD = 10.0  # students arrive over the first seconds of the run
STARTUP_TIMEOUT = 180.0  # seconds for scripts/serve.sh to say the course is ready
WARMUP_LIMIT = 960.0  # --wait-warmup waits this long at most (serve.sh allows it 900 s)
FRESH_NUMBER = 1000  # seeds go to 1000, 1001, ...: values nobody has drawn
GOAL_MEDIAN_MS, GOAL_P95_MS = 300, 2000
TIMELINE_STEP = 10  # seconds per row of the "over time" table (more if it is long)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
# A run has ended (answered) with one of these; FINISHED_EARLY_FOR_RERUN is not an end.
RUN_ENDS = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


# --- widgets, as a browser holds them --------------------------------------------------

# The Element fields that carry the controls a student moves (select_slider is a slider,
# toggle a checkbox: their protos say which). Buttons are never pressed.
WIDGET_ELEMENTS = ("slider", "selectbox", "radio", "checkbox", "number_input")


@dataclass
class Widget:
    """A control on the page and its current value, in the wire's terms: a tuple of
    floats (slider), a tuple of option labels (select_slider), an option label
    (selectbox, radio; None while unanswered), a number, a bool."""
    id: str
    kind: str  # slider, select_slider, selectbox, radio, number_input, checkbox, toggle
    fragment_id: str
    in_sidebar: bool
    disabled: bool
    in_form: bool
    value: Any
    echoed: bool  # the server sent the value (set_value) in this run
    options: tuple[str, ...] = ()
    low: float = 0.0
    high: float = 0.0
    step: float = 1.0
    is_int: bool = False  # a number input of whole numbers

    @property
    def name(self) -> str:
        """The page's key for the control: element ids read "$$ID-<hash>-<key>"."""
        return self.id.split("-", 2)[-1]

    def state(self) -> WidgetState | None:
        """The WidgetState a browser sends for this control (None: no value yet)."""
        if self.value is None:
            return None
        ws = WidgetState(id=self.id)
        if self.kind == "slider":
            ws.double_array_value.data[:] = self.value
        elif self.kind == "select_slider":
            ws.string_array_value.data[:] = self.value
        elif self.kind in ("selectbox", "radio"):
            ws.string_value = self.value
        elif self.kind == "number_input" and self.is_int:
            ws.int_value = int(self.value)
        elif self.kind == "number_input":
            ws.double_value = self.value
        else:  # checkbox, toggle
            ws.bool_value = self.value
        return ws

    def other_values(self) -> list:
        """Every value but the current one, for a control with a finite set of them
        (a number input has none: it gets fresh numbers). Range sliders are left alone."""
        if self.kind == "slider" and len(self.value) == 1:
            n = int(round((self.high - self.low) / self.step))
            values = [(round(self.low + i * self.step, 10),) for i in range(n + 1)]
        elif self.kind == "select_slider" and len(self.value) == 1:
            values = [(o,) for o in self.options]
        elif self.kind in ("selectbox", "radio"):
            values = list(self.options)
        elif self.kind in ("checkbox", "toggle"):
            values = [True, False]
        else:
            values = []
        return [v for v in values if v != self.value]


def parse_widget(element, fragment_id: str, in_sidebar: bool,
                 known: Widget | None) -> Widget | None:
    """The control an element draws (None for anything else). Its value: the one the
    server sent, else the one the browser already holds for that id, else the default."""
    kind = element.WhichOneof("type")
    if kind not in WIDGET_ELEMENTS:
        return None
    p = getattr(element, kind)
    extra: dict[str, Any] = {}
    if kind == "slider" and p.type == Slider.SELECT_SLIDER:
        kind = "select_slider"
        default = tuple(p.options[int(i)] for i in p.default)  # indices, on the wire
        from_server = tuple(p.raw_value)  # labels
        extra = {"options": tuple(p.options)}
    elif kind == "slider":
        if p.data_type not in (Slider.INT, Slider.FLOAT):
            return None  # dates and times: no lesson uses them
        default, from_server = tuple(p.default), tuple(p.value)
        extra = {"low": p.min, "high": p.max, "step": p.step}
    elif kind in ("selectbox", "radio"):
        default = p.options[p.default] if p.HasField("default") else None
        from_server = p.raw_value if p.HasField("raw_value") else None
        extra = {"options": tuple(p.options)}
    elif kind == "checkbox":
        kind = "toggle" if p.type == Checkbox.TOGGLE else "checkbox"
        default, from_server = p.default, p.value
    else:  # number_input
        is_int = p.data_type == NumberInput.INT
        number = int if is_int else float
        default = number(p.default) if p.HasField("default") else None
        from_server = number(p.value) if p.HasField("value") else None
        extra = {"low": p.min if p.has_min else -math.inf,
                 "high": p.max if p.has_max else math.inf, "step": p.step or 1.0,
                 "is_int": is_int}
    if p.set_value:
        value = from_server
    elif known is not None and known.kind == kind:
        value = known.value
    else:
        value = default
    return Widget(id=p.id, kind=kind, fragment_id=fragment_id, in_sidebar=in_sidebar,
                  disabled=p.disabled, in_form=bool(p.form_id), value=value,
                  echoed=p.set_value, **extra)


# --- what one run sent back ------------------------------------------------------------

@dataclass
class Reply:
    """The messages of one run, boiled down."""
    finished: bool = False
    full_run: bool = False  # not a fragment's run
    widgets: dict[str, Widget] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    digest: Any = field(default_factory=lambda: hashlib.blake2b(digest_size=16))


@dataclass
class Record:
    kind: str  # open, move, auto
    lesson: str
    new: bool | None  # a setting no student had run yet (moves only)
    outcome: str  # ok, error, timeout, lost
    ms: float | None = None
    at: float = 0.0  # seconds since the class began, when it was asked for


class Classroom:
    """What every student shares: the server's history as the students made it."""

    def __init__(self) -> None:
        self.records: list[Record] = []
        self.start = time.monotonic()  # when the class began
        self.sent: set[tuple] = set()  # (lesson, widget id, value) any student sent
        self.settings: set[tuple] = set()  # (lesson, all values) any student ran
        self.pages: dict[tuple, str] = {}  # (lesson, fragment, all values) -> page hash
        self.echo_mismatches: list[str] = []
        self.page_mismatches: list[str] = []
        self.errors: dict[str, int] = {}
        self.numbers = itertools.count(FRESH_NUMBER)
        self.echo_checks = 0  # values the server sent back, compared with what was sent
        self.page_checks = 0  # runs compared with an earlier run of the same values

    def fresh_number(self, w: Widget, rng: random.Random):
        """A number nobody has drawn: 1000, 1001, ... (times the step for a float input);
        a random one if the input's range ends before that."""
        k = next(self.numbers)
        value = k if w.is_int else round(k * w.step, 10)
        if w.low <= value <= w.high:
            return value
        low, high = max(w.low, -1e6), min(w.high, 1e6)  # a small input: any value in it
        return rng.randint(int(low), int(high)) if w.is_int else rng.uniform(low, high)

    def record(self, kind: str, lesson: str, new: bool | None, outcome: str,
               ms: float | None = None, asked: float | None = None) -> None:
        at = (asked if asked is not None else time.monotonic()) - self.start
        self.records.append(Record(kind, lesson, new, outcome, ms, at))

    def error(self, lesson: str, text: str) -> None:
        key = f"{lesson}: {text}"[:160]
        self.errors[key] = self.errors.get(key, 0) + 1


# --- one student ---------------------------------------------------------------------

def page_name(lesson) -> str:
    """The URL path a browser opens: the home page is app.py's default page, at ""."""
    return "" if lesson is HOME else lesson.url_path


class Student:
    """One browser tab: a websocket, the page it shows, and its widgets' values."""

    def __init__(self, number: int, ws_url: str, room: Classroom, rng: random.Random,
                 think: float, switch: float, end: float, verbose: bool = False) -> None:
        self.number, self.ws_url, self.room, self.rng = number, ws_url, room, rng
        self.verbose = verbose
        self.think_mean, self.switch, self.end = think, switch, end
        self.ws: ClientConnection | None = None
        self.lesson = None
        self.page_hash = ""  # the page being shown, as the server's navigation named it
        self.query_string = ""
        self.widgets: dict[str, Widget] = {}
        self.auto: dict[str, list[float]] = {}  # animated fragment id -> [interval, due]

    # The life of a student ------------------------------------------------------------
    async def attend(self) -> None:
        await asyncio.sleep(self.rng.uniform(0, ARRIVAL_SPREAD))
        try:
            while time.monotonic() < self.end:
                if self.ws is None:  # arriving, or back after a run that never ended
                    await self.reconnect()
                    continue
                await self.think()
                if self.ws is None or time.monotonic() >= self.end:
                    continue
                movable = self.movable()
                if self.rng.random() < self.switch or not movable:
                    await self.open(self.rng.choice([x for x in (HOME, *LESSONS)
                                                     if x is not self.lesson]))
                else:
                    await self.move(self.rng.choice(movable))
        finally:
            if self.ws is not None:
                with contextlib.suppress(Exception):
                    await self.ws.close()

    async def reconnect(self) -> None:
        """A fresh tab: a new websocket, then a lesson at random."""
        try:
            self.ws = await connect(self.ws_url, subprotocols=["streamlit"], proxy=None,
                                    max_size=None, ping_interval=None,
                                    open_timeout=INTERACTION_TIMEOUT)
        except (OSError, WebSocketException, TimeoutError) as error:
            self.room.record("open", "(connect)", None, "lost")
            self.room.error("(connect)", f"{type(error).__name__}: {error}")
            await asyncio.sleep(1)
            return
        await self.open(self.rng.choice((HOME, *LESSONS)))

    async def hang_up(self) -> None:
        """Drop the websocket: the answer to a run that timed out may still be coming
        on it, so the student goes on in a fresh tab (see attend)."""
        ws, self.ws = self.ws, None
        with contextlib.suppress(Exception):
            await ws.close()

    async def think(self) -> None:
        """Wait an exponential think time; meanwhile an animated fragment asks for its
        rerun whenever its timer is due, as the browser's timer does."""
        until = min(time.monotonic() + self.rng.expovariate(1 / self.think_mean), self.end)
        while (now := time.monotonic()) < until:
            due = min((d for _, d in self.auto.values()), default=until)
            if due >= until:
                await asyncio.sleep(until - now)
                break
            await asyncio.sleep(max(due - now, 0))
            for fragment_id, timer in list(self.auto.items()):
                if self.ws is not None and timer[1] <= time.monotonic():
                    timer[1] += timer[0]
                    await self.interact("auto", fragment_id=fragment_id, auto=True)

    # Interactions ---------------------------------------------------------------------
    async def open(self, lesson) -> None:
        """Open a lesson as a click in the navigation does: its page, no widget states."""
        self.lesson, self.page_hash, self.query_string = lesson, "", ""
        self.widgets, self.auto = {}, {}
        await self.interact("open", page_name=page_name(lesson))

    async def move(self, w: Widget) -> None:
        """Move one control to a value nobody has sent yet if there is one."""
        if w.kind == "number_input":
            value = self.room.fresh_number(w, self.rng)
        else:
            others = w.other_values()
            unseen = [v for v in others if (self.lesson.slug, w.id, v) not in self.room.sent]
            value = self.rng.choice(unseen or others)
        self.room.sent.add((self.lesson.slug, w.id, value))
        w.value = value
        settings = (self.lesson.slug, self.values())
        new = settings not in self.room.settings
        self.room.settings.add(settings)
        await self.interact("move", fragment_id=w.fragment_id, new=new,
                            what=f"{w.kind} {w.name} -> {value!r}")

    def movable(self) -> list[Widget]:
        return [w for w in self.widgets.values()
                if not (w.in_sidebar or w.disabled or w.in_form or w.value is None)
                and w.fragment_id not in self.auto
                and (w.kind == "number_input" or w.other_values())]

    def values(self) -> tuple:
        return tuple(sorted((w.id, w.value) for w in self.widgets.values()))

    async def interact(self, kind: str, *, page_name: str = "", fragment_id: str = "",
                       auto: bool = False, new: bool | None = None, what: str = "") -> None:
        """One rerun request, timed from sending it to the end of the run it started."""
        state = ClientState(query_string=self.query_string, page_name=page_name,
                            page_script_hash=self.page_hash, fragment_id=fragment_id,
                            is_auto_rerun=auto)
        if kind != "open":
            state.widget_states.widgets.extend(
                ws for w in self.widgets.values() if (ws := w.state()) is not None)
        sent = {w.id: w.value for w in self.widgets.values()}
        slug = self.lesson.slug
        asked, start = time.monotonic(), time.perf_counter()
        try:
            reply = await self.run(state)
        except TimeoutError:
            self.room.record(kind, slug, new, "timeout", asked=asked)
            await self.hang_up()
            return
        except (OSError, WebSocketException) as error:
            self.room.record(kind, slug, new, "lost", asked=asked)
            self.room.error(slug, f"connection {type(error).__name__}: {error}")
            await self.hang_up()
            await asyncio.sleep(1)
            return
        ms = (time.perf_counter() - start) * 1000
        for text in reply.errors:
            self.room.error(slug, text)
        self.room.record(kind, slug, new, "error" if reply.errors else "ok", ms, asked)
        if self.verbose:
            print(f"{time.strftime('%H:%M:%S')} student {self.number:>2} {kind:<5} {slug:<18}"
                  f"{ms:>7.0f} ms {'new ' if new else 'seen' if new is False else '    '} "
                  f"{what}{'  ERROR ' + reply.errors[0][:80] if reply.errors else ''}",
                  flush=True)
        self.take(reply)
        self.check_echo(reply, sent)
        self.check_page(reply, fragment_id)

    async def run(self, state: ClientState) -> Reply:
        """Send the request; read the server's messages until the run ends."""
        reply = Reply()
        async with asyncio.timeout(INTERACTION_TIMEOUT):
            await self.ws.send(BackMsg(rerun_script=state).SerializeToString())
            while not reply.finished:
                message = ForwardMsg()
                message.ParseFromString(await self.ws.recv())
                self.read(message, reply)
        return reply

    def read(self, msg: ForwardMsg, reply: Reply) -> None:
        """Take in one ForwardMsg of the current run (see the module docstring, 3)."""
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            reply.full_run = not msg.metadata.run.fragment_ids
            if reply.full_run:
                self.auto = {}  # a full run declares its animated fragments again
        elif kind == "navigation":
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "delta":
            self.read_delta(msg, reply)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "auto_rerun":  # a timer, first due one interval from now
            interval = max(msg.auto_rerun.interval, 0.1)
            self.auto[msg.auto_rerun.fragment_id] = [interval, time.monotonic() + interval]
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self.auto.pop(fragment_id, None)
        elif kind == "page_not_found":
            reply.errors.append(f"page not found: {msg.page_not_found.page_name!r}")
        elif kind == "session_event" and msg.session_event.HasField(
                "script_compilation_exception"):
            e = msg.session_event.script_compilation_exception
            reply.errors.append(f"compile error {e.type}: {e.message}")
        elif kind == "script_finished" and msg.script_finished in RUN_ENDS:
            reply.finished = True

    def read_delta(self, msg: ForwardMsg, reply: Reply) -> None:
        """A widget updates the student's controls; anything else is part of the page
        drawn (hashed with its position), and an exception is an error."""
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        if delta.WhichOneof("type") == "new_element":
            element = delta.new_element
            kind = element.WhichOneof("type")
            if kind in WIDGET_ELEMENTS:
                known = self.widgets.get(getattr(element, kind).id)
                in_sidebar = bool(path) and path[0] == SIDEBAR
                w = parse_widget(element, delta.fragment_id, in_sidebar, known)
                if w is not None:
                    reply.widgets[w.id] = w
                return  # widgets are compared by value, not drawn into the page hash
            if kind == "exception":
                e = element.exception
                reply.errors.append(f"{e.type}: {e.message}".strip().splitlines()[0])
        elif delta.WhichOneof("type") != "add_block":
            return  # transient elements (spinners, toasts) are not the page
        reply.digest.update(repr(path).encode() + delta.SerializeToString(deterministic=True))

    def take(self, reply: Reply) -> None:
        """After a full run the browser holds exactly the widgets drawn; after a
        fragment's run, those drawn replace their old selves."""
        if reply.full_run:
            self.widgets = reply.widgets
        else:
            self.widgets.update(reply.widgets)

    # The two checks that no session draws another's settings ------------------------
    def check_echo(self, reply: Reply, sent: dict[str, Any]) -> None:
        """A value the server sends back must be the one this student sent (except in
        an animating fragment, whose own code moves its controls)."""
        for w in reply.widgets.values():
            if w.echoed and w.id in sent and sent[w.id] is not None \
                    and w.fragment_id not in self.auto:
                self.room.echo_checks += 1
                if w.value != sent[w.id]:
                    self.room.echo_mismatches.append(
                        f"student {self.number} {self.lesson.slug} {w.kind} {w.name}: "
                        f"sent {sent[w.id]!r}, server drew {w.value!r}")

    def check_page(self, reply: Reply, fragment_id: str) -> None:
        """The same lesson with the same values must draw the same page for everyone."""
        key = (self.lesson.slug, fragment_id, self.values())
        page = reply.digest.hexdigest()
        self.room.page_checks += key in self.room.pages
        first = self.room.pages.setdefault(key, page)
        if first != page:
            self.room.page_mismatches.append(
                f"student {self.number} {self.lesson.slug} (fragment {fragment_id or '-'}): "
                f"another page than an earlier run with the same values")


# --- the server under test -----------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The course served as `make run` does, in its own session and process group under
    `timeout`, watched through /proc: every process of the session, split into the
    warm-up (``ui.warmup``, which scripts/serve.sh starts beside the server at low
    priority; its own `timeout` gives it a process group of its own, in our session)
    and the server itself (Streamlit, and the shells around it)."""

    def __init__(self, lifetime: float) -> None:
        self.port = free_port()
        self.lifetime = int(lifetime)
        self.log = Path(tempfile.mkstemp(prefix="course-load-server-", suffix=".log")[1])
        self.proc: subprocess.Popen | None = None
        self.ready_after = 0.0
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds when last seen alive
        self.is_warmup: dict[int, bool] = {}
        self.peak_rss = {"server": 0, "warm-up": 0}
        self.timeline: list[tuple[float, float]] = []  # (monotonic, server CPU seconds)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        python = ROOT / ".venv" / "bin" / "python"
        env = {**os.environ, "PYTHON": str(python if python.exists() else sys.executable),
               "STREAMLIT_ARGS": "--server.headless true --browser.gatherUsageStats false"}
        command = ["timeout", str(self.lifetime), "bash", "scripts/serve.sh", str(self.port)]
        start = time.monotonic()
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)  # its own process group
        while "The course is ready" not in self.log.read_text():
            if self.proc.poll() is not None or time.monotonic() - start > STARTUP_TIMEOUT:
                raise RuntimeError(f"the course did not start; see {self.log}:\n"
                                   + self.log.read_text()[-2000:])
            time.sleep(0.25)
        self.ready_after = time.monotonic() - start
        self.sample()

    def stop(self) -> None:
        """Stop what we started, and only that: the server's process group, and any
        process of its session outside it (the warm-up), politely, then for sure."""
        if self.proc is None:
            return
        for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            for pid in self.members():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + grace
            while self.members() and time.monotonic() < deadline:
                self.proc.poll()  # reap our own child
                time.sleep(0.2)
            if not self.members():
                break
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=1)

    def members(self) -> dict[int, list[str]]:
        """The live processes of the server's session: pid -> /proc/<pid>/stat fields
        after the command name (state, ppid, pgrp, session, ...)."""
        found = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[3]) == self.proc.pid and fields[0] != "Z":
                        found[int(entry.name)] = fields
        return found

    def sample(self) -> None:
        """Read every live process of the session: CPU time and resident memory."""
        rss = {"server": 0, "warm-up": 0}
        tick, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
        for pid, fields in self.members().items():
            if pid not in self.is_warmup:
                with contextlib.suppress(OSError):
                    command = Path(f"/proc/{pid}/cmdline").read_bytes()
                    self.is_warmup[pid] = b"ui.warmup" in command
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
            rss["warm-up" if self.is_warmup.get(pid) else "server"] += int(fields[21]) * page
        for part, value in rss.items():
            self.peak_rss[part] = max(self.peak_rss[part], value)

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds used so far by the server and by the warm-up (a process that
        has ended counts as last seen, at most one sampling interval short)."""
        used = {"server": 0.0, "warm-up": 0.0}
        for pid, seconds in self.cpu.items():
            used["warm-up" if self.is_warmup.get(pid) else "server"] += seconds
        return used

    def warmup_running(self) -> bool:
        return any(self.is_warmup.get(pid) for pid in self.members())

    async def watch(self) -> None:
        while True:
            self.sample()
            self.timeline.append((time.monotonic(), self.cpu_seconds()["server"]))
            await asyncio.sleep(0.5)

    def cores(self, start: float, end: float) -> float | None:
        """The server's mean CPU use (cores) between two monotonic times, from the
        samples nearest inside them (None without two samples there)."""
        inside = [(t, cpu) for t, cpu in self.timeline if start <= t <= end]
        if len(inside) < 2 or inside[-1][0] == inside[0][0]:
            return None
        return (inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0])

    def wait_for_warmup(self, limit: float) -> float:
        """Wait (``limit`` seconds at most) until the warm-up has ended; its duration.
        serve.sh starts it just after saying the course is ready: a warm-up not seen
        within 5 s is taken to be off (TLLIB_WARMUP=0)."""
        start, seen = time.monotonic(), False
        while (waited := time.monotonic() - start) < limit:
            self.sample()
            running = self.warmup_running()
            seen |= running
            if not running and (seen or waited > 5):
                break
            time.sleep(0.5)
        return time.monotonic() - start


# --- the run and its report -------------------------------------------------------------

async def watch_own_lag(lags: list[float], every: float = 0.1) -> None:
    """How late this client's own event loop wakes up: a stall here (the machine
    starved this process) would show in every latency, whatever the server did."""
    while True:
        start = time.monotonic()
        await asyncio.sleep(every)
        lags.append(time.monotonic() - start - every)


async def hold_class(args, ws_url: str, room: Classroom, server: Server | None) -> dict:
    """Every student from arrival to the end of the class; the server watched meanwhile."""
    room.start = start = time.monotonic()
    end = start + args.minutes * 60  # arrivals included
    students = [Student(i, ws_url, room, random.Random(args.seed * 100_003 + i),
                        args.think, args.switch, end, args.verbose)
                for i in range(args.students)]
    watcher = asyncio.create_task(server.watch()) if server else None
    lags: list[float] = []
    lag_watcher = asyncio.create_task(watch_own_lag(lags))
    cpu0 = server.cpu_seconds() if server else {}
    me0 = resource.getrusage(resource.RUSAGE_SELF)
    hard_deadline = args.minutes * 60 + INTERACTION_TIMEOUT * 2 + 30
    cut_short, crashes = False, []
    try:
        outcomes = await asyncio.wait_for(
            asyncio.gather(*(s.attend() for s in students), return_exceptions=True),
            hard_deadline)
        crashes = ["".join(traceback.format_exception(o)[-2:]).strip()
                   for o in outcomes if isinstance(o, BaseException)]
    except TimeoutError:
        cut_short = True
    wall = time.monotonic() - start
    lag_watcher.cancel()
    me1 = resource.getrusage(resource.RUSAGE_SELF)
    facts = {"wall": wall, "cut_short": cut_short, "crashes": crashes,
             "client_cpu": (me1.ru_utime + me1.ru_stime) - (me0.ru_utime + me0.ru_stime),
             "client_lag": max(lags, default=0.0)}
    if server:
        watcher.cancel()
        server.sample()
        facts["cpu"] = {part: used - cpu0[part] for part, used in server.cpu_seconds().items()}
        facts["warmup_running"] = server.warmup_running()
    return facts


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def latency_row(name: str, records: list[Record]) -> str:
    ms = [r.ms for r in records if r.ms is not None]
    if not ms:
        return f"{name:<28}{len(records):>7}{'-':>9}{'-':>8}{'-':>8}"
    return (f"{name:<28}{len(records):>7}{statistics.median(ms):>9.0f}"
            f"{percentile(ms, 95):>8.0f}{max(ms):>8.0f}")


def report(room: Classroom, facts: dict, server: Server | None, target: str) -> bool:
    """Print the tables; True when every goal is met."""
    records = room.records
    asked = [r for r in records if r.kind != "auto"]  # what the students did themselves
    counts = {outcome: sum(r.outcome == outcome for r in records)
              for outcome in ("timeout", "lost", "error")}
    answered = sum(r.ms is not None for r in records)
    print(f"\n{len(records)} interactions, {answered} answered, {counts['timeout']} no "
          f"answer within {INTERACTION_TIMEOUT:.0f} s, {counts['lost']} lost connections, "
          f"{counts['error']} with an error"
          + ("  (HARD DEADLINE HIT: the run was cut short)" if facts["cut_short"] else ""))
    print_latencies(room, asked, facts["wall"], server)
    print_checks(room, facts)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload client: {facts['client_cpu']:.1f} CPU s in {facts['wall']:.0f} s, its "
          f"own event loop late by {facts['client_lag'] * 1000:.0f} ms at worst (it shares "
          f"the machine with the server); load average now {load}")
    if server:
        print_server(server, facts, answered)
    else:
        print(f"server: {target} (not started here: CPU and memory not measured)")
    failures = missed_goals(room, facts, asked, counts)
    print(f"\n{'PASS' if not failures else 'FAIL: ' + '; '.join(failures)}  (goals: every "
          f"interaction answered, median <= {GOAL_MEDIAN_MS} ms, p95 <= {GOAL_P95_MS} ms, "
          f"no error, no cross-session leak)")
    return not failures


def print_latencies(room: Classroom, asked: list[Record], wall: float,
                    server: Server | None) -> None:
    """By kind of interaction, by lesson, and over time (beside the server's CPU use,
    which tells a busy server from one that waits)."""
    records = room.records
    header = f"{'n':>7}{'median':>9}{'p95':>8}{'max':>8}"
    print(f"\n{'latency (ms)':<28}{header}")
    print(latency_row("all the students' own", asked))
    print(latency_row("  moves to a new setting", [r for r in asked if r.new is True]))
    print(latency_row("  moves to a seen setting", [r for r in asked if r.new is False]))
    print(latency_row("  lesson openings", [r for r in asked if r.kind == "open"]))
    print(latency_row("animation ticks (auto)", [r for r in records if r.kind == "auto"]))
    print(f"\n{'per lesson (own)':<28}{header}")
    for lesson in (HOME, *LESSONS):
        if mine := [r for r in asked if r.lesson == lesson.slug]:
            print(latency_row(lesson.slug, mine))
    print(f"\n{'over time (all, when asked)':<28}{header}"
          + ("  server cores" if server else ""))
    step = TIMELINE_STEP * max(1, math.ceil(wall / TIMELINE_STEP / 12))
    for window in range(0, int(wall) + 1, step):
        if mine := [r for r in records if window <= r.at < window + step]:
            cores = server and server.cores(room.start + window, room.start + window + step)
            print(latency_row(f"{window:>4}-{window + step} s", mine)
                  + (f"{cores:>14.2f}" if cores is not None else ""))


def print_checks(room: Classroom, facts: dict) -> None:
    """The leak checks, the errors met, and any crash of this client."""
    print(f"\nleak checks: {room.echo_checks} values sent back by the server, "
          f"{len(room.echo_mismatches)} not the student's own; {room.page_checks} runs "
          f"compared with an earlier run of the same lesson and values, "
          f"{len(room.page_mismatches)} drawn differently")
    for line in (room.echo_mismatches + room.page_mismatches)[:5]:
        print(f"  leak? {line}")
    for text, n in sorted(room.errors.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  error x{n}: {text}")
    for crash in facts["crashes"][:3]:
        print(f"  load client crashed (a bug in bench/load.py): {crash[-300:]}")


def missed_goals(room: Classroom, facts: dict, asked: list[Record],
                 counts: dict[str, int]) -> list[str]:
    """The goals missed. Latency goals are on the students' own interactions (openings
    and moves); animation ticks count for "answered" and "no error" only."""
    own_ms = [r.ms for r in asked if r.ms is not None]
    median = statistics.median(own_ms) if own_ms else math.inf
    p95 = percentile(own_ms, 95) if own_ms else math.inf
    unanswered = counts["timeout"] + counts["lost"]
    leaks = len(room.echo_mismatches) + len(room.page_mismatches)
    return [text for failed, text in (
        (not own_ms, "no interaction answered at all"),
        (unanswered > 0 or facts["cut_short"], f"{unanswered} unanswered"),
        (own_ms and median > GOAL_MEDIAN_MS, f"median {median:.0f} ms > {GOAL_MEDIAN_MS}"),
        (own_ms and p95 > GOAL_P95_MS, f"p95 {p95:.0f} ms > {GOAL_P95_MS}"),
        (counts["error"] > 0, f"{counts['error']} errors"),
        (leaks > 0, f"{leaks} possible cross-session leaks"),
        (bool(facts["crashes"]), f"{len(facts['crashes'])} students' clients crashed"),
    ) if failed]


def print_server(server: Server, facts: dict, answered: int) -> None:
    cpu, wall, mib = facts["cpu"], facts["wall"], 2**20
    print(f"server: ready {server.ready_after:.1f} s after start; during the class "
          f"{cpu['server'] / max(answered, 1) * 1000:.0f} ms CPU per interaction, mean "
          f"utilisation {cpu['server'] / wall:.2f} cores of {os.cpu_count()}, "
          f"peak RSS {server.peak_rss['server'] / mib:.0f} MiB")
    if server.peak_rss["warm-up"] or cpu["warm-up"]:
        print(f"start-up warm-up beside it: {cpu['warm-up'] / wall:.2f} cores during the "
              f"class, peak RSS {server.peak_rss['warm-up'] / mib:.0f} MiB, "
              f"{'still running at the end' if facts['warmup_running'] else 'finished'}")


def websocket_url(url: str) -> str:
    """ws://host:port/_stcore/stream for an http://host:port URL on this machine."""
    parts = urlsplit(url)
    if parts.hostname not in LOCAL_HOSTS:
        raise SystemExit(f"refusing {url}: only a server on this machine (localhost) "
                         "is ever loaded")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"ws://{host}:{parts.port or 80}{parts.path.rstrip('/')}/_stcore/stream"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--think", type=float, default=None,
                        help="mean seconds between a student's moves "
                             "(default 5; 2 with --stress)")
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--switch", type=float, default=0.2,
                        help="share of moves that open another lesson")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--url", default="http://localhost:8501")
    parser.add_argument("--start-server", action="store_true",
                        help="serve the course here (as make run does) and measure it")
    parser.add_argument("--stress", action="store_true", help="a move every 2 s on average")
    parser.add_argument("--wait-warmup", action="store_true",
                        help="with --start-server: let the start-up warm-up finish first")
    parser.add_argument("--verbose", action="store_true", help="print every interaction")
    args = parser.parse_args()
    args.think = args.think or (2.0 if args.stress else 5.0)
    if args.students < 1 or args.minutes <= 0 or args.think <= 0:
        parser.error("--students, --minutes and --think must be positive")

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.students} students, think {args.think:g} s, switch {args.switch:g}, "
          f"{args.minutes:g} min, seed {args.seed}; {os.cpu_count()} cores, "
          f"load average {load} before the run")
    server = None
    try:
        if args.start_server:
            waits = STARTUP_TIMEOUT + (WARMUP_LIMIT if args.wait_warmup else 0)
            server = Server(lifetime=waits + args.minutes * 60 + 180)
            print(f"starting the course on port {server.port} (log: {server.log}) ...",
                  flush=True)
            server.start()
            if args.wait_warmup:
                waited = server.wait_for_warmup(WARMUP_LIMIT)
                print(f"waited {waited:.0f} s for the start-up warm-up to finish", flush=True)
            target = server.url
        else:
            target = args.url
        ws_url = websocket_url(target)
        room = Classroom()
        facts = asyncio.run(hold_class(args, ws_url, room, server))
        passed = report(room, facts, server, target)
    finally:
        if server:
            server.stop()
    if server and passed:
        server.log.unlink(missing_ok=True)
    elif server:
        print(f"server log kept: {server.log}")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
