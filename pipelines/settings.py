"""Where things are by default, and the environment variables that move
them. Kept free of heavy imports: the CLI reads it to print its help, which
must not wait for Dagster or spaCy to load."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_ENV = "PROBATION_SEEDS_DIR"
OUTPUTS_ENV = "PROBATION_OUTPUTS_DIR"
MAX_MB_ENV = "PROBATION_MAX_MB"
GOLD_ENV = "PROBATION_GOLD_DIR"
CACHE_ENV = "PROBATION_CACHE_DIR"
DEV_SET_ENV = "PROBATION_DEV_SET_DIR"
DEFAULT_GOLD = PROJECT_ROOT / "tests" / "gold"
DEFAULT_DEV_SET = DEFAULT_GOLD / "dev"


def default_seeds_dir() -> str:
    return os.environ.get(SEEDS_ENV, str(PROJECT_ROOT / "seeds"))


def default_outputs_dir() -> str:
    return os.environ.get(OUTPUTS_ENV, str(PROJECT_ROOT / "outputs"))


def default_max_mb() -> float:
    return float(os.environ.get(MAX_MB_ENV, "5"))


def default_gold_dir() -> str:
    """The seeds' gold annotations, scored against every build; empty for none."""
    return os.environ.get(GOLD_ENV, str(DEFAULT_GOLD) if DEFAULT_GOLD.is_dir() else "")


def default_dev_set_dir() -> str:
    """The development set (docs/ and gold/), scored beside the build in the UI."""
    return os.environ.get(DEV_SET_ENV, str(DEFAULT_DEV_SET) if DEFAULT_DEV_SET.is_dir() else "")
