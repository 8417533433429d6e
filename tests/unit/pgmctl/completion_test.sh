#!/bin/bash
# The bash completion of pgmctl, against a stand-in pgmctl that lists three
# groups and two resources, one named like a group (or, as if pgmd were not
# running, none).
set -u
completion=$1
stand_in_dir=$(mktemp -d)
trap 'rm -rf "$stand_in_dir"' EXIT

cat >"$stand_in_dir/pgmctl" <<'PGMCTL'
#!/bin/sh
[ -n "${PRETEND_NOT_RUNNING:-}" ] && { echo "pgmd is not running" >&2; exit 1; }
case "$*" in
"list --no-legend --no-pager --no-color")
    printf 'billing  application active none 7 0/3 0/2 -\nbilling-db application active none 7 0/3 0/2 -\nmsgbus   platform    active none 1 0/3 0/2 -\n' ;;
"cluster --no-legend --no-pager --no-color")
    printf '* Cluster\n      Node: n1 (id 1)\n\nNodes:\nn1 1 present yes yes -\nn2 2 present yes yes -\n\nPairs:\npay  hot-standby n1 - -\npayroll hot-standby n2 - -\n\nHalves:\npay n1 active no yes no 4\n' ;;
"list-resources --no-legend --no-pager --no-color")
    printf 'spool   path  ok 3s ago 0 billing\nmsgbus  mount ok 1s ago 0 msgbus\n' ;;
*)
    echo "unexpected: $*" >&2; exit 2 ;;
esac
PGMCTL
chmod +x "$stand_in_dir/pgmctl"
PATH=$stand_in_dir:$PATH

# bash-completion's loader is not needed; compopt only works inside a real
# completion, so stand in for it.
compopt() { :; }
# shellcheck source=/dev/null
. "$completion"

failures=0
# complete LINE EXPECTED: LINE is split like readline would split it (at
# spaces and at '='); the last word is the one being completed.
check() {
    local line=$1 expected=$2
    COMP_WORDS=()
    local word
    for word in $line; do COMP_WORDS+=("$word"); done
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _pgmctl
    local got="${COMPREPLY[*]}"
    if [[ "$got" != "$expected" ]]; then
        echo "FAIL: '$line': expected '$expected', got '$got'"
        failures=$((failures + 1))
    fi
}

check "pgmctl " "list list-resources status offline online restart reset-failed activate deactivate reload check-config key watch icd power-cycle cluster switchover"
check "pgmctl re" "restart reset-failed reload"
check "pgmctl --no-pager st" "status"
check "pgmctl --no" "--no-pager --no-legend --no-color --no-block"
check "pgmctl --ti" "--timeout="
check "pgmctl --ex" "--exit-on-disconnect"
check "pgmctl --timeout = 30s online bil" "billing billing-db"
check "pgmctl --no-block restart m" "msgbus"
check "pgmctl --js" "--json --json="
check "pgmctl --json =" "short pretty"
check "pgmctl switchover " "pay payroll"
check "pgmctl switchover pay " "n1 n2"
check "pgmctl --no-block switchover pay n" "n1 n2"
check "pgmctl switchover pay n2 " ""
check "pgmctl cluster " ""
check "pgmctl --json = p" "pretty"
check "pgmctl --json = pretty sta" "status"
check "pgmctl status " "billing billing-db msgbus spool"
check "pgmctl status s" "spool"
check "pgmctl offline s" ""
check "pgmctl list-resources " ""
check "pgmctl list-" "list-resources"
check "pgmctl offline bil" "billing billing-db"
check "pgmctl offline billing m" "msgbus"
check "pgmctl --json = short status m" "msgbus"
check "pgmctl key " "billing billing-db msgbus"
check "pgmctl key billing " ""
check "pgmctl reload " ""
check "pgmctl list " ""
check "pgmctl watch " "billing billing-db msgbus"
check "pgmctl i" "icd"
check "pgmctl po" "power-cycle"
check "pgmctl icd " ""
check "pgmctl power-cycle " ""
check "pgmctl power-cycle b" ""
PRETEND_NOT_RUNNING=1 check "pgmctl status " ""

if [[ $failures -ne 0 ]]; then
    echo "$failures completion case(s) failed"
    exit 1
fi
echo "all completion cases passed"
