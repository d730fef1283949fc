import warnings

# The extraction asset's single-run backfill policy is deliberate (a full
# build is one run) and still marked beta by Dagster, which would otherwise
# warn on every import of the code location: every CLI call, `dagster dev`.
warnings.filterwarnings("ignore", message=r"Parameter `backfill_policy` of function `asset` is currently in beta")
