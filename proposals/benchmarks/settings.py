"""The project's settings with the benchmark's floor view added to the URLs."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "proposals.benchmarks.urls"
