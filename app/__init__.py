"""saydo's application: settings, the pipeline, filing, the CLI and the tray app.

Every entry point (the `saydo` console script, `saydo app`, scripts importing `app.ui`) imports this package first, so
the libraries' telemetry switches are set here, before any of those libraries loads and reads them.
"""

import os

# Each library reads its switch once, when it is imported; a value left in the user's environment does not win.
TELEMETRY_OFF = {
    "HF_HUB_DISABLE_TELEMETRY": "1",  # huggingface_hub (model downloads) and its hf_xet transfer client
    "DO_NOT_TRACK": "1",  # the cross-tool convention (https://donottrack.sh), also honoured by both of those
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime's native client (Silero VAD); its Python switch does not stop it
}
os.environ.update(TELEMETRY_OFF)
