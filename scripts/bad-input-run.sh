#!/usr/bin/env bash
# Runs every quartier command over a bad-input corpus (scripts/bad-input-corpus.py) with a timeout and
# counts the outcomes: clean exit 1, exit 0, exit 2, crash (signal), hang (timeout), partial files left.
#
# Usage: scripts/bad-input-run.sh [QUARTIER_BINARY] [CORPUS_FOLDER] [RESULTS.tsv]
#   defaults: .build/debug/quartier, a fresh corpus in a temporary folder, bad-input-results.tsv
# Environment: TIMEOUT (seconds per run, default 60).
# Every command that reads a file runs over the files of its kind: vector files as areas, points, origins and tile
# sources (inspect, run, join, count, hotspots, emerging, access, tiles), tables (inspect, join, emerging's series),
# TOML files (check, run, publish, indicators --catalogue), and JSON files as a run folder's manifest.json (audit,
# profiles). serve and bench read no input file of the user's (the server's own inputs go through the processes,
# which are these commands).
set -u
BIN=${1:-.build/debug/quartier}
CORPUS=${2:-}
RESULTS=${3:-bad-input-results.tsv}
TIMEOUT=${TIMEOUT:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOR="$ROOT/Geodata/berlin_lor_2021/berlin_lor_2021.gpkg"
KITAS="$ROOT/Geodata/berlin_education_facilities/kitas_berlin_2022-12.geojson"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ -z "$CORPUS" ]; then
    CORPUS="$WORK/corpus"
    python3 "$ROOT/scripts/bad-input-corpus.py" "$CORPUS" >/dev/null
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

# A table that joins to the Bezirksregionen, for commands whose bad input is the areas.
TABLE="$WORK/table.csv"
ogr2ogr -f CSV /vsistdout/ "$LOR" bezirksregionen_2021 -select BZR_ID,GROESSE_M2 2>/dev/null > "$TABLE"
AREAS=(--areas "$LOR" --layer bezirksregionen_2021 --id BZR_ID)
# A series of the Bezirksregionen (three years), for `emerging` whose bad input is the areas.
SERIES="$WORK/series.csv"
{
    echo "BZR_ID,jahr,wert"
    tail -n +2 "$TABLE" | cut -d, -f1 | tr -d '"' | awk '{ for (y = 2019; y <= 2021; y++) print $1 "," y "," (NR * 7 + y) % 23 }'
} > "$SERIES"

printf 'class\tfile\tcommand\toutcome\tstatus\tseconds\tnamed\tmessage\n' > "$RESULTS"

# run CLASS FILE LABEL ARGS…: one command in a fresh output folder ($OUT), classified.
run() {
    local class=$1 file=$2 label=$3
    shift 3
    local start end status outcome message
    start=$(date +%s.%N)
    timeout -k 5 "$TIMEOUT" "$BIN" "$@" >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
    status=$?
    end=$(date +%s.%N)
    if [ $status -eq 124 ] || [ $status -eq 137 ]; then
        outcome=hang
    elif [ $status -gt 128 ]; then
        outcome=crash
    elif [ $status -eq 0 ]; then
        outcome=exit0
    elif [ $status -eq 2 ]; then
        outcome=exit2
    elif [ $status -eq 1 ]; then
        outcome=exit1
    else
        outcome="exit$status"
    fi
    if [ $status -ne 0 ] && [ -n "$(find "$OUT" -type f 2>/dev/null | head -1)" ]; then
        outcome="$outcome+partial"
    fi
    message=$(grep -m1 -E 'error|Error' "$WORK/stderr" | cut -c1-200 | tr '\t' ' ')
    # Whether a failure's message names the file read: the corpus file, or the manifest it stands in for.
    local named=-
    if [ $status -ne 0 ]; then
        case "$label" in audit | profiles) want=manifest.json ;; *) want=$file ;; esac
        if grep -qF "$want" "$WORK/stderr"; then named=yes; else named=no; fi
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%.1f\t%s\t%s\n' "$class" "$file" "$label" "$outcome" "$status" \
        "$(echo "$end - $start" | bc)" "$named" "$message" >> "$RESULTS"
    rm -rf "$OUT"
    mkdir -p "$OUT"
}

analysis() {  # analysis SOURCE → an analysis file over SOURCE as areas
    cat > "$WORK/analysis.toml" <<TOML
[analysis]
name = "corpus"
working_crs = "EPSG:25833"
[inputs.areas]
source = "$1"
id = "BZR_ID"
[areas]
input = "areas"
[outputs.result]
formats = ["geojson", "gpkg"]
TOML
    echo "$WORK/analysis.toml"
}

OUT="$WORK/out"
mkdir -p "$OUT"
for path in "$CORPUS"/*; do
    file=$(basename "$path")
    class=${file%%__*}
    case "$file" in
        *.dbf | *.shx | *.prj) continue ;;
        *.shp | *.fgb | *.geojson | *.gpkg)
            [ -e "$path" ] || [ -L "$path" ] || continue
            run "$class" "$file" inspect inspect "$path"
            run "$class" "$file" inspect-json inspect --json "$path"
            run "$class" "$file" run run "$(analysis "$path")" --out "$OUT/run"
            run "$class" "$file" join join --areas "$path" --id BZR_ID --table "$TABLE" --out "$OUT/j.geojson"
            run "$class" "$file" count-areas count --areas "$path" --id BZR_ID --points "$KITAS" --out "$OUT/c.geojson"
            run "$class" "$file" count-points count "${AREAS[@]}" --points "$path" --out "$OUT/c.geojson"
            run "$class" "$file" hotspots hotspots --areas "$path" --id BZR_ID --field GROESSE_M2 --permutations 99 \
                --out "$OUT/h.geojson"
            run "$class" "$file" access access --origins "$path" --id BZR_ID --facilities "$KITAS" --measure nearest --out "$OUT/a.geojson"
            run "$class" "$file" tiles tiles "$path" --id BZR_ID --maxzoom 8 --out "$OUT/t.pmtiles"
            run "$class" "$file" emerging emerging --areas "$path" --id BZR_ID --series "$SERIES" --time jahr \
                --field wert --out "$OUT/e.geojson"
            case "$file" in
                *.geojson)  # damaged or hostile JSON as a run folder's manifest
                    mkdir -p "$WORK/runfolder"
                    if [ -f "$path" ] && [ ! -L "$path" ]; then
                        cp "$path" "$WORK/runfolder/manifest.json"
                    else  # a FIFO, a symlink loop, /proc: linked, never read here
                        ln -s "$path" "$WORK/runfolder/manifest.json"
                    fi
                    run "$class" "$file" audit audit "$WORK/runfolder"
                    run "$class" "$file" profiles profiles "$WORK/runfolder" --out "$OUT/profiles"
                    rm -rf "$WORK/runfolder"
                    ;;
            esac
            ;;
        *.csv | *.xlsx | *.ods)
            run "$class" "$file" inspect inspect "$path"
            run "$class" "$file" join-table join "${AREAS[@]}" --table "$path" --table-key BZR_ID --out "$OUT/j.geojson"
            run "$class" "$file" emerging-series emerging "${AREAS[@]}" --series "$path" --time jahr --field Wert \
                --out "$OUT/e.geojson"
            ;;
        *.toml)
            run "$class" "$file" check check "$path"
            run "$class" "$file" run run "$path" --out "$OUT/run"
            run "$class" "$file" publish publish "$path" --out "$OUT/run"
            run "$class" "$file" indicators indicators --catalogue "$path"
            ;;
    esac
done

echo "outcomes (all runs):"
tail -n +2 "$RESULTS" | cut -f4 | sort | uniq -c | sort -rn
echo "outcomes per class of damage:"
tail -n +2 "$RESULTS" | awk -F'\t' '{print $1 "\t" $4}' | sort | uniq -c
# The same as a Markdown table (docs/commands.md): exit 0 of inspect (which describes a damaged file, naming its
# problems) apart from exit 0 of the other commands, which is to be read run by run (valid but odd input, or silent).
echo
echo "| class | runs | exit 1 | naming the file | exit 0 (inspect) | exit 0 (others) | exit 2 | crash | hang | partial files |"
echo "|---|---|---|---|---|---|---|---|---|---|"
tail -n +2 "$RESULTS" | awk -F'\t' '
    { c = $1; runs[c]++; o = $4
      if (o ~ /^exit1/) { e1[c]++; if ($7 == "yes") named[c]++ }
      if (o ~ /^exit0/) { if ($3 ~ /^inspect/) i0[c]++; else o0[c]++ }
      if (o ~ /^exit2/) e2[c]++
      if (o ~ /^crash/) cr[c]++
      if (o ~ /^hang/) hg[c]++
      if (o ~ /partial/) pa[c]++ }
    END { for (c in runs) printf "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d |\n", c, runs[c], e1[c], named[c],
          i0[c], o0[c], e2[c], cr[c], hg[c], pa[c] }' | sort
