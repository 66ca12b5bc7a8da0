"""`saydo bench stream`: streaming vs batch transcription on the real clips, same model, same options.

Each clip is played at real-time pace (FileSource, the stand-in for a microphone) into the streaming transcriber;
the clock starts when the last block has arrived (the key is released) and stops when the final text is ready.
Three rounds per clip: the median latency, the mean streamed error.
The batch path records everything first and then transcribes the whole clip, so its latency is the whole decode.
Targets (DESIGN): streaming latency <= 0.35 x batch for clips of 5 s or more; final CER/WER within 10 % (relative)
of batch. Error rates are CER for Chinese clips and WER for English ones, in the same key.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from .pipeline import error_rate, reference_clips
from .report import BenchOptions, console, peak_rss_mb, table, write_json

LONG_CLIP_S = 5.0
# Each clip is measured this many times and the median latency kept: a shared 2-core machine is noisy, and one
# decode landing just before or just after the release changes a single measurement a lot.
ROUNDS = 3
TARGET_RATIO = 0.35
TARGET_ERROR_SLACK = 0.10


def run(settings: Any, paths: Any, options: BenchOptions) -> dict[str, Any]:
    from app.pipeline import Pipeline
    from asr import load_audio
    from asr.capture import FileSource
    from asr.stream import StreamingTranscriber

    pipeline = Pipeline(settings, paths)
    transcriber = pipeline.transcriber
    transcribe_options = pipeline.transcribe_options()
    clips = reference_clips()[:options.limit]
    transcriber.transcribe(load_audio(clips[0][0]), transcribe_options)  # warm-up, not measured
    items: list[dict[str, Any]] = []
    rows = []
    for path, lang, ref in clips:
        audio = load_audio(path)
        batch_latencies, stream_latencies, stream_errors, decode_seconds = [], [], [], []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            batch = transcriber.transcribe(audio, transcribe_options)
            batch_latencies.append(time.perf_counter() - started)

            stream = StreamingTranscriber(transcriber, transcribe_options)
            source = FileSource(path, realtime=True)
            source.start(stream.feed)
            source.finished.wait()
            source.stop()
            released = time.perf_counter()
            final = stream.finish()
            stream_latencies.append(time.perf_counter() - released)
            stream.wait_idle()
            stream_errors.append(error_rate(lang, ref, final.text))
            decode_seconds.append(stream.decode_seconds)
        batch_latency = statistics.median(batch_latencies)
        stream_latency = statistics.median(stream_latencies)

        item = {
            "clip": path.name, "lang": lang, "seconds": round(audio.duration_s, 2),
            "batch_latency_s": round(batch_latency, 3), "stream_latency_s": round(stream_latency, 3),
            "ratio": round(stream_latency / batch_latency, 3),
            "cer_batch": round(error_rate(lang, ref, batch.text), 3),
            # What the stream ends with depends on where the release falls in its decodes: the mean of the rounds.
            "cer_stream": round(statistics.fmean(stream_errors), 3),
            "rtf_batch": round(batch_latency / audio.duration_s, 3),
            # Model time the streaming path spent in all, while listening and after release.
            "rtf_stream": round(statistics.median(decode_seconds) / audio.duration_s, 3),
            "metric": "CER" if lang == "zh" else "WER",
            "text_batch": batch.text, "text_stream": final.text,
        }
        items.append(item)
        rows.append([path.name[:34], item["seconds"], item["batch_latency_s"], item["stream_latency_s"],
                     item["ratio"], item["rtf_batch"], item["rtf_stream"],
                     f"{item['metric']} {item['cer_batch']:.3f}", f"{item['metric']} {item['cer_stream']:.3f}"])
    long = [i for i in items if i["seconds"] >= LONG_CLIP_S]
    mean_batch = statistics.fmean(i["cer_batch"] for i in items) if items else 0.0
    mean_stream = statistics.fmean(i["cer_stream"] for i in items) if items else 0.0
    summary = {
        "long_clips": len(long),
        "long_ratio_median": round(statistics.median(i["ratio"] for i in long), 3) if long else None,
        "long_ratio_max": round(max(i["ratio"] for i in long), 3) if long else None,
        "long_within_target": sum(i["ratio"] <= TARGET_RATIO for i in long),
        "error_mean_batch": round(mean_batch, 4),
        "error_mean_stream": round(mean_stream, 4),
        "error_within_target": mean_stream <= mean_batch * (1 + TARGET_ERROR_SLACK) + 1e-9,
        "threads": settings.cpu_threads(),
        "asr_model": settings.asr.model,
        "beam_size": settings.asr.beam_size,
    }
    peak = round(peak_rss_mb(), 1)
    console.print(table("saydo bench stream (seconds; release → final text)",
                        ["clip", "audio", "batch", "stream", "ratio", "rtf batch", "rtf stream", "batch err",
                         "stream err"], rows))
    console.print(table("summary", ["metric", "value"], [[k, v] for k, v in {**summary, "peak_rss_mb": peak}.items()]))
    written = write_json("stream", {"summary": summary, "clips": items, "peak_rss_mb": peak})
    console.print(f"[dim]wrote {written}[/]")
    return {"clips": [{k: i[k] for k in ("clip", "seconds", "batch_latency_s", "stream_latency_s", "ratio",
                                         "cer_batch", "cer_stream", "rtf_batch", "rtf_stream")} for i in items],
            "peak_rss_mb": peak, "summary": summary}
