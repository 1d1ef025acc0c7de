#!/usr/bin/python3
"""Times OpenCV's CascadeClassifier.detectMultiScale on one gray image (the benchmark frame).

    /usr/bin/python3 tools/haar-reference/time_opencv.py FRAME.pgm [--threads N] [--repeat R] [--cascade XML]

bench/Detection.Benchmarks (`compare`) writes the frame and runs this in the same run as the C# timing.
Prints one line: median and best milliseconds over R runs after 3 warm-up runs, and the box count.
"""
import argparse
import statistics
import time

import cv2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("image")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cascade", default="/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml")
    parser.add_argument("--scale-factor", type=float, default=1.1)
    parser.add_argument("--min-neighbors", type=int, default=3)
    args = parser.parse_args()

    cv2.setNumThreads(args.threads)
    gray = cv2.imread(args.image, cv2.IMREAD_GRAYSCALE)
    detector = cv2.CascadeClassifier(args.cascade)
    if gray is None or detector.empty():
        raise SystemExit("cannot read the frame or the cascade")
    boxes = []
    for _ in range(3):
        boxes = detector.detectMultiScale(gray, scaleFactor=args.scale_factor, minNeighbors=args.min_neighbors)
    times = []
    cpu = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        start_cpu = time.process_time()
        boxes = detector.detectMultiScale(gray, scaleFactor=args.scale_factor, minNeighbors=args.min_neighbors)
        cpu.append((time.process_time() - start_cpu) * 1000.0)
        times.append((time.perf_counter() - start) * 1000.0)
    # CPU time is reported too: on a shared machine it is steadier than wall time (it includes all threads).
    print(f"median {statistics.median(times):.2f} ms, best {min(times):.2f} ms, median CPU {statistics.median(cpu):.2f} ms, "
          f"{len(boxes)} boxes (OpenCV {cv2.__version__}, {cv2.getNumThreads()} threads)")


if __name__ == "__main__":
    main()
