#!/usr/bin/env bash
# Screenshots of reports as a reader sees them, to check figures by eye: headless Chromium renders each page into
# screen-sized tiles, <pipeline>-<run>-<page>-NN.png, top to bottom (a tall screenshot would be shrunk past reading by
# an image viewer). Each tile is the page shown through a window at an offset (an iframe in a throw-away wrapper page);
# the page's height is measured first the same way. No image tool is needed beyond Chromium.
#
#   build/screenshots.sh OUT_DIR PAGE.html [PAGE.html ...]
#
# Installs Debian's chromium when it is missing (as root). SCREENSHOT_WIDTH and SCREENSHOT_HEIGHT set the tile size
# (default 1400×1500). Run by `./build.sh --target=screenshots` on the newest report of each pipeline.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 OUT_DIR PAGE.html [PAGE.html ...]" >&2
    exit 2
fi

out=$1
shift
mkdir -p "$out"
width=${SCREENSHOT_WIDTH:-1400}
height=${SCREENSHOT_HEIGHT:-1500}

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "screenshots: chromium is missing; run: sudo apt-get update && sudo apt-get install -y chromium" >&2
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

chrome() { # chromium arguments...: a fresh profile and no network services, the pages are local files
    local profile
    profile=$(mktemp -d -p "$scratch")
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --hide-scrollbars --allow-file-access-from-files \
        --virtual-time-budget=5000 --user-data-dir="$profile" "$@" 2>/dev/null
}

page_height() { # url -> the page's height in CSS pixels at the tile width
    cat > "$scratch/measure.html" <<HTML
<!DOCTYPE html><html><head><title>measuring</title></head><body style="margin:0">
<iframe id="page" src="$1" style="width:${width}px;height:100px;border:0"></iframe>
<script>document.getElementById('page').onload = () => { document.title = 'height=' + document.getElementById('page').contentDocument.documentElement.scrollHeight; };</script>
</body></html>
HTML
    chrome --window-size="$width,$height" --dump-dom "file://$scratch/measure.html" | grep -o 'height=[0-9]*' | head -1 | cut -d= -f2
}

shoot() { # url, offset, png
    cat > "$scratch/tile.html" <<HTML
<!DOCTYPE html><html><head><title>tile</title></head><body style="margin:0;overflow:hidden">
<iframe src="$1" style="position:absolute;left:0;top:-$2px;width:${width}px;height:$(($2 + height))px;border:0"></iframe>
</body></html>
HTML
    chrome --window-size="$width,$height" --screenshot="$3" "file://$scratch/tile.html" >/dev/null
    echo "$3"
}

for page in "$@"; do
    path=$(realpath "$page")
    # Name after the run folder and the pipeline folder above it: reports/audit/<run>/report.html -> audit-<run>.
    run=$(basename "$(dirname "$path")")
    pipeline=$(basename "$(dirname "$(dirname "$path")")")
    stem="$pipeline-$run-$(basename "$path" .html)"
    total=$(page_height "file://$path")
    if [ -z "$total" ]; then
        echo "screenshots: could not measure $path; taking its first screen only" >&2
        total=$height
    fi
    for ((offset = 0, n = 0; offset < total; offset += height, n++)); do
        shoot "file://$path" "$offset" "$out/$stem-$(printf '%02d' "$n").png"
    done
done
