#!/usr/bin/python3
"""Makes the OpenCV reference that tests/Detection.Tests checks the C# cascade detector against.

Run with Debian's interpreter and python3-opencv (apt-get install python3-opencv opencv-data):

    /usr/bin/python3 tools/haar-reference/make_reference.py [--shared ../shared] [--out tests/Detection.Tests/reference]

For every shared photo it decodes the file with cv2.imread (libjpeg-turbo / libpng, EXIF orientation applied),
converts it with cv2.cvtColor(BGR2GRAY), records the SHA-256 of those gray bytes, and runs
CascadeClassifier.detectMultiScale with each fixed parameter set below (single-threaded, so the order of raw
candidates is deterministic). The C# tests decode the same files with src/Imaging, convert with
Facebench.Detection.OpenCvGray, first check the gray hash (so a decoder difference is reported as such and not
as a detector bug), then compare boxes exactly.
"""
import argparse
import hashlib
import json
import os
import platform
import re
import subprocess
import sys

import cv2
import numpy

IMAGES = [
    "data/dlib-faces/2007_007763.jpg",
    "data/dlib-faces/2008_001009.jpg",
    "data/dlib-faces/2008_001322.jpg",
    "data/dlib-faces/2008_002079.jpg",
    "data/lfpw-sample/image_0010.png",
]

HAAR = "/usr/share/opencv4/haarcascades/"
LBP = "/usr/share/opencv4/lbpcascades/"

# (name, cascade, scaleFactor, minNeighbors, minSize, maxSize); sizes (0, 0) = OpenCV's "none".
CASES = [
    ("default", HAAR + "haarcascade_frontalface_default.xml", 1.1, 3, (0, 0), (0, 0)),
    ("default-raw", HAAR + "haarcascade_frontalface_default.xml", 1.1, 0, (0, 0), (0, 0)),
    ("default-1.2-5-min40", HAAR + "haarcascade_frontalface_default.xml", 1.2, 5, (40, 40), (0, 0)),
    ("default-1.05-max120", HAAR + "haarcascade_frontalface_default.xml", 1.05, 3, (0, 0), (120, 120)),
    ("alt2-trees", HAAR + "haarcascade_frontalface_alt2.xml", 1.1, 3, (0, 0), (0, 0)),
    ("alt-tree", HAAR + "haarcascade_frontalface_alt_tree.xml", 1.1, 3, (0, 0), (0, 0)),
    ("eyes-tilted-raw", HAAR + "haarcascade_eye_tree_eyeglasses.xml", 1.1, 0, (0, 0), (0, 0)),
    ("lbp-improved", LBP + "lbpcascade_frontalface_improved.xml", 1.1, 3, (0, 0), (0, 0)),
    ("lbp-raw", LBP + "lbpcascade_frontalface.xml", 1.1, 0, (0, 0), (0, 0)),
]


def debian_version(package):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=os.environ.get("FACEBENCH_SHARED", os.path.join(repo, "..", "shared")))
    parser.add_argument("--out", default=os.path.join(repo, "tests", "Detection.Tests", "reference"))
    args = parser.parse_args()

    cv2.setNumThreads(1)
    images = []
    for rel in IMAGES:
        color = cv2.imread(os.path.join(args.shared, rel), cv2.IMREAD_COLOR)
        if color is None:
            sys.exit(f"cannot read {rel} under {args.shared}")
        gray = cv2.cvtColor(color, cv2.COLOR_BGR2GRAY)
        results = []
        for name, path, scale, neighbours, min_size, max_size in CASES:
            detector = cv2.CascadeClassifier(path)
            if detector.empty():
                sys.exit(f"cannot load {path} (apt-get install opencv-data)")
            boxes = detector.detectMultiScale(gray, scaleFactor=scale, minNeighbors=neighbours, minSize=min_size, maxSize=max_size)
            results.append({
                "case": name,
                "boxes": [[int(v) for v in box] for box in (boxes if len(boxes) else [])],
            })
        images.append({
            "path": rel,
            "width": int(gray.shape[1]),
            "height": int(gray.shape[0]),
            "gray_sha256": hashlib.sha256(numpy.ascontiguousarray(gray).tobytes()).hexdigest(),
            "results": results,
        })

    reference = {
        "made_by": "tools/haar-reference/make_reference.py",
        "opencv": cv2.__version__,
        "python3_opencv_deb": debian_version("python3-opencv"),
        "opencv_data_deb": debian_version("opencv-data"),
        "libjpeg_turbo_deb": debian_version("libjpeg62-turbo"),
        "python": platform.python_version(),
        "decode": "cv2.imread(IMREAD_COLOR) then cv2.cvtColor(COLOR_BGR2GRAY)",
        "threads": 1,
        "cases": [
            {"case": n, "cascade": p, "scale_factor": s, "min_neighbors": k, "min_size": list(a), "max_size": list(b)}
            for n, p, s, k, a, b in CASES
        ],
        "images": images,
    }
    os.makedirs(args.out, exist_ok=True)
    target = os.path.join(args.out, "opencv-detections.json")
    text = json.dumps(reference, indent=1)
    # One box per line keeps the file short and its diffs readable.
    text = re.sub(r"\[\s*(-?\d+),\s*(-?\d+),\s*(-?\d+),\s*(-?\d+)\s*\]", r"[\1, \2, \3, \4]", text)
    with open(target, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    total = sum(len(r["boxes"]) for i in images for r in i["results"])
    print(f"wrote {target}: {len(images)} images, {len(CASES)} cases, {total} boxes (OpenCV {cv2.__version__})")


if __name__ == "__main__":
    main()
