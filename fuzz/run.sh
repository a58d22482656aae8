#!/usr/bin/env bash
# Runs every fuzz target (or those named as arguments) for a bounded time, prints what each
# run did, and copies the inputs libFuzzer saved for crashes, timeouts and out-of-memory runs
# into fuzz/regressions/<target>/, where `cargo test -p stitch-tests --test fuzz_regressions`
# replays them on stable.
#
#   fuzz/run.sh                        # every target, 60 s each
#   FUZZ_SECONDS=300 fuzz/run.sh pattern
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`). Settings:
#   FUZZ_SECONDS    time per target, in seconds (60)
#   FUZZ_TIMEOUT    libFuzzer's per-input timeout, in seconds (10): an input that never returns
#                   cannot reach the checks' own 2 s bound, so libFuzzer's catches it
#   FUZZ_RSS_MB     libFuzzer's memory limit, in MB (2048)
#   FUZZ_SANITIZER  cargo-fuzz's sanitizer (none): the code fuzzed forbids unsafe code, so
#                   AddressSanitizer would mostly slow the search down; `address` checks the
#                   dependencies' unsafe code as well
#   CARGO_TARGET_DIR  where to build (the repository's target/)
#
# A target keeps going after a crash (libFuzzer's fork mode), so one run can find several
# inputs, and the same defect more than once: triage what lands in regressions/ (a defect left
# unfixed moves to fuzz/known/, see its README). The corpus each run grows is kept in
# fuzz/corpus/<target>/ (not committed) and seeds the next run. Exits 1 when inputs were kept.
set -euo pipefail

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz_dir")"
seconds="${FUZZ_SECONDS:-60}"
timeout="${FUZZ_TIMEOUT:-10}"
rss_mb="${FUZZ_RSS_MB:-2048}"
sanitizer="${FUZZ_SANITIZER:-none}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

all_targets=(card_bytes card_structure pattern validating_deserialize)
if (($# > 0)); then
    targets=("$@")
else
    targets=("${all_targets[@]}")
fi

# Starting points for each corpus, so the first run does not have to discover JSON: the
# repository's cards for card_bytes, and every target's regression inputs.
seed() {
    local target="$1" corpus="$fuzz_dir/corpus/$1"
    mkdir -p "$corpus"
    if [[ "$target" == card_bytes ]]; then
        cp "$root/schemas/destinations/postgres.json" "$root"/tests/cards/*.json "$corpus/"
    fi
    if [[ "$target" == validating_deserialize ]]; then
        cp "$root"/demo/properties/*.json "$corpus/"
    fi
    find "$fuzz_dir/regressions/$target" -maxdepth 1 -type f -exec cp {} "$corpus/" \;
}

# libFuzzer's options per target. card_structure: -len_control=0, since libFuzzer otherwise
# grows the longest input it tries with the number of executions, and this target runs tens
# per second: it would stay at a few bytes, that is one or two mutations of a card; 1 KiB is
# a few dozen mutations. The others keep libFuzzer's defaults (for card_bytes, inputs as long
# as the largest seed card).
target_options() {
    case "$1" in
    card_structure) echo "-len_control=0 -max_len=1024" ;;
    esac
}

cd "$fuzz_dir"
# libFuzzer's fork mode keeps its jobs' files in $TMPDIR; a directory of its own, so nothing
# else cleaning /tmp can pull them away mid-run.
export TMPDIR="$fuzz_dir/artifacts/tmp"
mkdir -p "$TMPDIR"
# Built first, so the time of each run is fuzzing only.
for target in "${targets[@]}"; do
    cargo +nightly fuzz build -s "$sanitizer" --target-dir "$target_dir" "$target"
done

summary=()
found_any=0
for target in "${targets[@]}"; do
    seed "$target"
    artifacts="$fuzz_dir/artifacts/$target"
    mkdir -p "$artifacts" "$fuzz_dir/regressions/$target"
    log="$fuzz_dir/artifacts/$target.log"
    before="$(find "$artifacts" -type f | sort)"
    started=$(date +%s)
    # Fork mode with one job: libFuzzer runs the target in a child process, and after a crash,
    # timeout or out-of-memory input it saves the input and goes on, so a known defect found
    # in the first seconds does not end the search for others.
    # shellcheck disable=SC2046 # the options are words
    cargo +nightly fuzz run -s "$sanitizer" --target-dir "$target_dir" "$target" \
        "$fuzz_dir/corpus/$target" -- $(target_options "$target") \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss_mb" \
        -artifact_prefix="$artifacts/" >"$log" 2>&1 || true
    elapsed=$(($(date +%s) - started))
    # libFuzzer's last status line in fork mode, `#<executions>: cov: … time: …`, holds the
    # executions of the whole run. (Its oom/timeout/crash counts can lag the last jobs: the
    # inputs kept are counted instead.)
    final="$(grep -E '^#[0-9]+: cov:' "$log" | tail -n 1 || true)"
    executions="$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$final")"
    new="$(comm -13 <(printf '%s\n' "$before") <(find "$artifacts" -type f | sort) | sed '/^$/d')"
    saved=0 crashes=0 timeouts=0 ooms=0
    details=()
    while IFS= read -r file; do
        [[ -z "$file" ]] && continue
        case "$(basename "$file")" in
        crash-* | timeout-* | oom-*)
            cp "$file" "$fuzz_dir/regressions/$target/"
            saved=$((saved + 1))
            case "$(basename "$file")" in
            crash-*) crashes=$((crashes + 1)) ;;
            timeout-*) timeouts=$((timeouts + 1)) ;;
            *) ooms=$((ooms + 1)) ;;
            esac
            # What the input does, replayed once: the panic's message, or libFuzzer's verdict.
            what="$(cargo +nightly fuzz run -s "$sanitizer" --target-dir "$target_dir" "$target" "$file" -- \
                -timeout="$timeout" -rss_limit_mb="$rss_mb" 2>&1 |
                grep -A1 -E 'panicked at|ERROR: libFuzzer' | grep -vE 'panicked at|^--$' | head -n 1 | cut -c1-300 || true)"
            details+=("    $(basename "$file"): ${what:-(passed when replayed: a time bound missed narrowly?)}")
            ;;
        esac
    done <<<"$new"
    line="$(printf '%-24s %5ss  %10s executions  %s crash, %s timeout, %s out-of-memory input(s) kept' \
        "$target" "$elapsed" "${executions:-?}" "$crashes" "$timeouts" "$ooms")"
    echo "$line"
    summary+=("$line")
    if ((saved > 0)); then
        found_any=1
        printf '%s\n' "${details[@]}"
        summary+=("${details[@]}")
        echo "    copied to fuzz/regressions/$target/; the run's log: $log"
    fi
done

echo
echo "fuzz run: ${seconds}s per target (libFuzzer timeout ${timeout}s, rss limit ${rss_mb} MB, sanitizer ${sanitizer})"
printf '%s\n' "${summary[@]}"
exit "$found_any"
