#!/usr/bin/python3
"""Reference NumPy implementation of the FFT MSD over all time origins (Calandrini et al. 2011,
the algorithm of ionglass dynamics) for the benchmark in bench/bench_dynamics.sh.

usage: msd_numpy.py POSITIONS.npy   (frames, atoms, 3) unwrapped positions; POSITIONS.npy.types.txt
holds the atomic number of each atom. Prints the MSD time per element and in total (the loading
time is reported separately and not counted)."""
import sys
import time

import numpy as np


def msd_fft(x):
    """x: (T, N) one coordinate of N atoms. Returns the MSD summed over atoms, per lag."""
    T = x.shape[0]
    x = x - x.mean(axis=0)
    squares = x * x
    prefix = np.concatenate([np.zeros((1, x.shape[1])), np.cumsum(squares, axis=0)])
    m = np.arange(T)
    s1 = (prefix[T] - prefix[m]) + prefix[T - m]  # sum over k of x_k^2 + x_{k+m}^2
    n = 2 * T
    spectrum = np.fft.rfft(x, n=n, axis=0)
    autocorrelation = np.fft.irfft(np.abs(spectrum) ** 2, n=n, axis=0)[:T]
    return ((s1 - 2 * autocorrelation) / (T - m)[:, None]).sum(axis=1)


def main():
    path = sys.argv[1]
    start = time.perf_counter()
    positions = np.load(path)
    types = np.loadtxt(path + ".types.txt", dtype=int)
    print(f"load: {time.perf_counter() - start:.2f} s, shape {positions.shape}")
    total = 0.0
    total_cpu = 0.0
    check = 0.0
    for z in (8, 11, 15, 26):
        atoms = np.where(types == z)[0]
        start = time.perf_counter()
        cpu_start = time.process_time()
        msd = np.zeros(positions.shape[0])
        for chunk in np.array_split(atoms, max(1, len(atoms) // 64)):
            block = positions[:, chunk, :]
            for axis in range(3):
                msd += msd_fft(np.ascontiguousarray(block[:, :, axis]))
        msd /= len(atoms)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        total += elapsed
        total_cpu += cpu
        check += msd[positions.shape[0] // 10]
        print(f"Z={z}: {len(atoms)} atoms, {elapsed:.2f} s wall, {cpu:.2f} s CPU")
    print(f"numpy msd_fft, all elements: {total:.3f} s wall, {total_cpu:.3f} s CPU (check {check:.6f})")


if __name__ == "__main__":
    main()
