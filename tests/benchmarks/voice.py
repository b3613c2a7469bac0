"""What the coach's voice costs: the first phrase made cold, cue latency, the CPU used while
speaking, and the size the voice adds to an install.

    .venv/bin/python tests/benchmarks/voice.py [--cues 20] [--seconds 10]

* cold: a fresh interpreter imports the coach's sound (numpy with it), loads and starts
  eSpeak NG, and makes its first phrase;
* cue latency: a cue is handed to the player at its ``at_s`` (the session's clock says it
  is due now); the figure runs to the moment the device's callback writes its first sample.
  For phrases already made (the common ones are made ahead), phrases never heard before
  (made when the cue comes), and tones. The device is miniaudio's null device (it takes
  samples in real time, as a sound card does, with 20 ms periods) unless ``--backends``
  names another: a real device adds its own output latency after that first sample;
* CPU: this process's CPU time over wall time while the coach speaks one phrase after
  another, and while it is open but quiet (the device still asks for a period every 20 ms).
  A real sound server (PulseAudio, CoreAudio) mixes in its own process on top;
* size: the installed files of the packages the voice brings (and those only it needs).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

VOICE_PACKAGES = ("espeakng-loader", "miniaudio")
COLD_PHRASE = "Bird dog, left side. Keep your back flat."


def _cold_child() -> None:
    began = time.perf_counter()
    from tui.coach.speech import EspeakVoice

    imported = time.perf_counter()
    voice = EspeakVoice()
    voice.check()
    started = time.perf_counter()
    sound = voice.render(COLD_PHRASE)
    made = time.perf_counter()
    again = voice.render(COLD_PHRASE)
    remade = time.perf_counter()
    print(
        json.dumps(
            {
                "import_s": imported - began,
                "engine_s": started - imported,
                "first_s": made - started,
                "again_s": remade - made,
                "speech_s": sound.duration_s,
                "again_speech_s": again.duration_s,
                "version": voice.engine_version,
            }
        )
    )


def cold() -> dict[str, float | str]:
    result = subprocess.run(
        [sys.executable, __file__, "--cold-child"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float | str] = json.loads(result.stdout)
    return figures


def latencies(count: int, backends: tuple[str, ...]) -> tuple[float, dict[str, list[float]]]:
    """The seconds from creating a player to its being ready (numpy, eSpeak NG and the
    device loaded, the common phrases made), and the latencies of each kind of cue."""
    from tui.coach import CueHeard, CuePlayer
    from tui.live.cues import Cue, Tone

    began = time.perf_counter()
    player = CuePlayer(backends=backends, volume=0.8)
    if not player.wait_ready(30.0) or not player.backend:
        raise SystemExit(f"the player did not get ready: {player.problem}")
    ready_s = time.perf_counter() - began
    time.sleep(3.0)  # some sound servers take a moment before they ask for sound regularly
    kinds: dict[str, list[float]] = {"phrase made before": [], "new phrase": [], "tone": []}
    for n in range(count):
        for kind in kinds:
            cues: dict[str, tuple[str | None, Tone | None]] = {
                "phrase made before": (str(n % 30 + 1), None),
                "new phrase": (f"Rest, {n + 31} seconds.", None),
                "tone": (None, "pip"),
            }
            words, tone = cues[kind]
            heard_before = len(player.outcomes())
            player.play(Cue(time.monotonic(), "rep", words, tone, 5.0))  # due now
            while len(player.outcomes()) == heard_before:
                time.sleep(0.002)
            outcome = player.outcomes()[-1]
            if not isinstance(outcome, CueHeard):
                raise SystemExit(f"a cue was not heard: {outcome}")
            kinds[kind].append(outcome.latency_s)
            time.sleep(outcome.duration_s + 0.05)  # let it play out: the device is idle again
    player.close()
    return ready_s, kinds


def cpu_share(seconds: float, backends: tuple[str, ...]) -> tuple[float, float, float]:
    """This process's CPU over wall time: open and quiet, then speaking without a pause.
    Also the seconds of speech heard."""
    from tui.coach import CueHeard, CuePlayer
    from tui.live.cues import Cue

    player = CuePlayer(backends=backends)
    player.prepare([COLD_PHRASE, "Rest, 30 seconds. Next: forearm plank."])
    if not player.wait_ready(30.0):
        raise SystemExit("the player did not get ready in 30 s")

    wall, cpu = time.perf_counter(), time.process_time()
    time.sleep(seconds / 2)
    idle = (time.process_time() - cpu) / (time.perf_counter() - wall)

    phrases = [COLD_PHRASE, "Rest, 30 seconds. Next: forearm plank.", "halfway", "switch sides"]
    start = time.monotonic()
    for n in range(int(seconds)):  # more than enough: a cue a second, each over a second long
        player.play(Cue(start + n, "announce", phrases[n % len(phrases)], None, 60.0))
    wall, cpu = time.perf_counter(), time.process_time()
    time.sleep(seconds)
    speaking = (time.process_time() - cpu) / (time.perf_counter() - wall)
    spoken = sum(o.duration_s for o in player.outcomes() if isinstance(o, CueHeard))
    player.close()
    return idle, speaking, min(spoken, seconds)


def _requirements(name: str) -> list[str]:
    names = []
    for line in metadata.requires(name) or []:
        if "extra ==" in line:
            continue
        requirement = line.split(";")[0].strip()
        for cut in "<>=!~[ (":
            requirement = requirement.split(cut)[0]
        names.append(requirement.lower().replace("_", "-"))
    return names


def _closure(roots: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            todo.extend(_requirements(name))
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
    return seen


def _installed_bytes(name: str) -> int:
    paths = [Path(str(f.locate())) for f in metadata.files(name) or []]
    return sum(p.stat().st_size for p in paths if p.is_file())


def install_size() -> list[tuple[str, str, int, str]]:
    """(package, version, bytes, why) for the packages the voice brings."""
    voice = _closure(list(VOICE_PACKAGES))
    rest = _closure([n for n in _requirements("lumbar") if n not in VOICE_PACKAGES])
    rows = []
    for name in sorted(voice):
        why = "the voice" if name in VOICE_PACKAGES else "needed by the voice only"
        if name in rest:
            why = "already needed by lumbar without the voice"
        rows.append((name, metadata.version(name), _installed_bytes(name), why))
    return rows


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (
        f"{statistics.median(ordered) * 1000:8.1f} ms {p90 * 1000:8.1f} ms "
        f"{ordered[-1] * 1000:8.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=20, help="cues of each kind")
    parser.add_argument("--seconds", type=float, default=10.0, help="of speech for the CPU")
    parser.add_argument(
        "--backends",
        default="NULL",
        help="miniaudio's, comma-separated: NULL (default), or e.g. PULSEAUDIO to hear it",
    )
    parser.add_argument("--cold-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_child:
        _cold_child()
        return

    figures = cold()
    speech_s = float(figures["speech_s"])
    print(f'cold first phrase: "{COLD_PHRASE}" ({speech_s:.1f} s of speech)')
    print(f"  import the coach's sound (numpy)  {float(figures['import_s']) * 1000:7.1f} ms")
    print(
        f"  load and start eSpeak NG {figures['version']:<8} "
        f"{float(figures['engine_s']) * 1000:7.1f} ms"
    )
    print(f"  make the first phrase             {float(figures['first_s']) * 1000:7.1f} ms")
    total = sum(float(figures[k]) for k in ("import_s", "engine_s", "first_s"))
    print(f"cold total: {total * 1000:.1f} ms")
    again = float(figures["again_s"])
    print(
        f"the same phrase again: {again * 1000:.1f} ms "
        f"({float(figures['again_speech_s']) / again:.0f}x faster than it is spoken)"
    )

    print()
    print(
        f"cue latency, due now to its first sample on the device ({args.backends}, "
        f"{args.cues} cues each):\n"
        f"{'':22}{'median':>11}{'p90':>12}{'max':>12}"
    )
    backends = tuple(args.backends.split(","))
    ready_s, kinds = latencies(args.cues, backends)
    for kind, values in kinds.items():
        print(f"  {kind:20}{_ms(values)}")
    print(
        f"a player ready from cold (numpy, eSpeak NG, the device, the common phrases made): "
        f"{ready_s * 1000:.1f} ms"
    )

    print()
    idle, speaking, spoken = cpu_share(args.seconds, backends)
    print(f"CPU while speaking: {speaking * 100:.2f} % of one core ({spoken:.1f} s of speech)")
    print(f"CPU open and quiet: {idle * 100:.2f} % of one core")

    print()
    rows = install_size()
    added = sum(size for _, _, size, why in rows if not why.startswith("already"))
    print(f"install size the voice adds: {added / 2**20:.1f} MiB")
    for name, version, size, why in rows:
        print(f"  {name} {version}: {size / 2**20:.1f} MiB ({why})")


if __name__ == "__main__":
    main()
