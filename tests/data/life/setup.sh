# SPDX-License-Identifier: Apache-2.0
# Sourced by the device-, fleet-, life- and report- CLI cases: a store in
# ./t.db with the test advisories, three releases with profiles and SBOMs,
# the inventory CSV, and (with LIFE_SCAN=1) one fleet scan.
export VIGIL_DB="$PWD/t.db"
L="$DATA/life"
$VIGIL db import "$L/feeds/osv" >/dev/null || exit 9
$VIGIL device add "InfuCare PX@3.2" -m "Example Medical" \
    --udi-di 05060000000123 --released 2023-05-01 --eol 2027-06-30 \
    --eos 2029-06-30 -p "$L/px.profile.json" -s "$L/px-3.2.cdx.json" \
    --contact "psirt@example-medical.example" >/dev/null || exit 9
$VIGIL device add "InfuCare PX@3.3" -m "Example Medical" --released \
    2025-09-01 --eol 2030-06-30 --eos 2032-06-30 -p "$L/px.profile.json" \
    -s "$L/px-3.3.cdx.json" >/dev/null || exit 9
$VIGIL device add "VitalLink GW@1.0" -m "Example Medical" --released \
    2018-01-10 --eol 2023-01-01 --eos 2025-01-01 -p "$L/gw.profile.json" \
    -s "$L/gw-1.0.cdx.json" >/dev/null || exit 9
$VIGIL device import "$L/inventory.csv" >/dev/null || exit 9
if [ "${LIFE_SCAN:-0}" = 1 ]; then
	$VIGIL fleet scan >/dev/null || exit 9
fi
# Times of the run replaced by T in outputs.
tsed() {
	sed -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z/T/g'
}
