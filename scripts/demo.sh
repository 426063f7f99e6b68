#!/usr/bin/env bash
# The quick start's main job on the embedded default: no AWS account needed.
set -euo pipefail
bin=$1
"$bin" --version
"$bin" plugins list
