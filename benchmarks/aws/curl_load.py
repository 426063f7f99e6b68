#!/usr/bin/env python3
"""Prints how long this process takes to load libcurl (and the 30 libraries it needs) and run
curl_global_init, in milliseconds: the part of the whoami floor that libcurl costs
(benchmarks/aws/run)."""
import ctypes, time

start = time.perf_counter()
ctypes.CDLL("libcurl.so.4").curl_global_init(3)  # CURL_GLOBAL_DEFAULT, as libRootmailHTTP.so calls it
print((time.perf_counter() - start) * 1000)
