#!/usr/bin/env bash
# Incremental build time of a crate that includes every card under $STITCH_CORPUS, by each
# route, as a ratio against the same crate with the generated code pasted in (BENCHMARKS.md):
#
#   pasted        the code `stitch render` prints, in src/ (the baseline)
#   macro         one `include_report_card!` per card
#   macro-opt3    the same, with `[profile.dev.package.stitch-macros] opt-level = 3`
#   macro-deps3   the same, with `[profile.dev.build-override] opt-level = 3` (the macro crate
#                 and everything it runs: stitch-codegen, stitch-schema, syn, prettyplease, ...)
#   build-rs      a build script writes the code to OUT_DIR (the README's build.rs route)
#
# Each crate is built once untimed, then `touch src/lib.rs && cargo build` is timed RUNS times
# (default 5), round by round across the routes, and the median kept. Every crate has a target
# directory of its own unless CARGO_TARGET_DIR is set (then they share it), so the first
# builds take several minutes; the timed ones are what a user waits for after an edit.
#
#   STITCH_CORPUS=../shared/report-cards benchmarks/compile-time.sh
set -euo pipefail

corpus=${STITCH_CORPUS:?set STITCH_CORPUS to the captured report cards}
corpus=$(cd "$corpus" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
work=${WORK:-$(mktemp -d)}
echo "crates in $work; $runs timed builds each" >&2

cards=("$corpus"/destinations/*.json "$corpus"/sources/*.json)

# The stitch CLI renders the pasted code.
cargo build --quiet --manifest-path "$repo/Cargo.toml" -p stitch-cli
stitch="${CARGO_TARGET_DIR:-$repo/target}/debug/stitch"

new_crate() { # name, profile lines
  local dir="$work/$1"
  rm -rf "$dir" && mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "compile-$1"
version = "0.0.0"
edition = "2024"

[dependencies]
stitch-types = { path = "$repo/stitch-types", features = ["macros"] }
serde_json = "1"

[build-dependencies]
stitch-codegen = { path = "$repo/stitch-codegen" }

[workspace]

$2
EOF
  printf '#![allow(dead_code, clippy::all)]\n' >"$dir/src/lib.rs"
}

macro_lib() {
  for card in "${cards[@]}"; do
    printf 'stitch_types::include_report_card!(%s);\n' "\"$card\""
  done
}

new_crate pasted ""
for card in "${cards[@]}"; do "$stitch" render "$card"; done >"$work/pasted/src/cards.rs"
printf 'include!("cards.rs");\n' >>"$work/pasted/src/lib.rs"

new_crate macro ""
macro_lib >>"$work/macro/src/lib.rs"

new_crate macro-opt3 $'[profile.dev.package.stitch-macros]\nopt-level = 3'
macro_lib >>"$work/macro-opt3/src/lib.rs"

new_crate macro-deps3 $'[profile.dev.build-override]\nopt-level = 3'
macro_lib >>"$work/macro-deps3/src/lib.rs"

new_crate build-rs ""
{
  printf 'fn main() {\n    let mut code = String::new();\n'
  for card in "${cards[@]}"; do
    printf '    let expansion = stitch_codegen::expand_card_file(std::path::Path::new(%s), %s, None).unwrap();\n' "\"$card\"" "\"$card\""
    printf '    assert!(expansion.problems.is_empty(), "{:?}", expansion.problems);\n'
    printf '    code.push_str(&stitch_codegen::render(&expansion.items).unwrap());\n'
  done
  printf '    std::fs::write(std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("cards.rs"), code).unwrap();\n'
  printf '    println!("cargo:rerun-if-changed=build.rs");\n}\n'
} >"$work/build-rs/build.rs"
printf 'include!(concat!(env!("OUT_DIR"), "/cards.rs"));\n' >>"$work/build-rs/src/lib.rs"

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
fastest() { sort -g | head -1; }

routes=(pasted macro macro-opt3 macro-deps3 build-rs)
for name in "${routes[@]}"; do
  cargo build --quiet --manifest-path "$work/$name/Cargo.toml"
done
# Round by round, every route once per round: a machine that slows down for a while slows
# every route alike.
declare -A times
for _ in $(seq "$runs"); do
  for name in "${routes[@]}"; do
    dir="$work/$name"
    touch "$dir/src/lib.rs"
    start=$(now)
    cargo build --quiet --manifest-path "$dir/Cargo.toml"
    times[$name]+="$(echo "$(now) - $start" | bc) "
  done
done
declare -A took best
for name in "${routes[@]}"; do
  took[$name]=$(printf '%s\n' ${times[$name]} | median)
  best[$name]=$(printf '%s\n' ${times[$name]} | fastest)
  echo "$name: median ${took[$name]} s of ${times[$name]}" >&2
done

# The fastest run is shown beside the median: on a machine busy with other work it is the
# steadier of the two.
printf '| route | median after a touch | vs pasted | fastest | vs pasted |\n| --- | --- | --- | --- | --- |\n'
for name in "${routes[@]}"; do
  printf '| %s | %.2f s | %.2f× | %.2f s | %.2f× |\n' "$name" \
    "${took[$name]}" "$(echo "${took[$name]} / ${took[pasted]}" | bc -l)" \
    "${best[$name]}" "$(echo "${best[$name]} / ${best[pasted]}" | bc -l)"
done
