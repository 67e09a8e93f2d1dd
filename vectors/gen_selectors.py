#!/usr/bin/env python3
"""Selector / topic vectors for the ABI files in abi/, cross-checked against the protocol reference.

What it does (deterministic, no network, no randomness):
  1. Loads every abi/*.json and validates it: entry shape, every function has inputs, outputs and
     stateMutability, every type string parses and validates with eth_abi.grammar and has an encoder
     and a decoder in eth_abi's registry, tuples carry components, internalType agrees with type,
     events mark `indexed` on each input.
  2. Computes for every function/error the canonical signature (tuples expanded, arrays kept, no
     names, no spaces) and the 4-byte selector, and for every event the topic0. Each value is
     computed twice: from our own canonical string hashed with eth_utils.keccak, and with
     eth_utils (abi_to_signature, function_abi_to_4byte_selector, event_abi_to_log_topic); the two
     must agree.
  3. Parses vectors/reference/protocols.md (override with --reference PATH): every markdown table that
     has a "Canonical" column and a "Selector" column, plus selectors quoted in prose next to a
     signature or a function name, plus 32-byte type hashes quoted next to their type string.
     Every quoted selector/hash must equal keccak of its string, and every reference row must be
     present, with the same selector, in the abi/ file(s) that cover its interface, unless it is in
     EXCLUDED (listed in the report with the reason).
  4. Reports selector collisions across files (same selector, different signature).
  5. Writes vectors/selectors.json. Exits non-zero on any validation error, mismatch or missing row.

Run: .venv/bin/python vectors/gen_selectors.py
"""

import argparse
import json
import os
import re
import sys
from collections import defaultdict

import eth_abi
import eth_utils
from eth_abi.grammar import parse as parse_abi_type
from eth_abi.registry import registry as abi_registry
from eth_utils import keccak

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ABI_DIR = os.path.join(ROOT, "abi")
OUT_PATH = os.path.join(ROOT, "vectors", "selectors.json")
DEFAULT_REFERENCE = os.path.join(ROOT, "vectors", "reference", "protocols.md")

# --------------------------------------------------------------------------------------------
# Which abi/ file must hold each reference row. Keyed by the reference section number; each rule
# is (regex on the row's first cell, files). The first matching rule wins; a section whose rules
# do not match a row is an error, so new reference rows are never silently ignored.
# --------------------------------------------------------------------------------------------
ANY = r""
SECTION_RULES = {
    "1.1": [(ANY, ["erc20.json"])],
    "1.2": [(ANY, ["weth9.json"])],
    "1.3": [(ANY, ["erc4626.json"])],
    "1.4": [(ANY, ["erc2612-permit.json"])],
    "1.5": [(ANY, ["permit2.json"])],
    "1.6": [(r"^IFlashLoan", ["aave-v3-flashloan-receiver.json"]), (ANY, ["aave-v3-pool.json"])],
    "1.7": [(r"^IFlashLoanRecipient", ["balancer-v2-flashloan-recipient.json"]), (ANY, ["balancer-v2-vault.json"])],
    "1.8": [(r"^callback", ["morpho-blue-flashloan-callback.json"]), (ANY, ["morpho-blue.json"])],
    "1.9": [(ANY, ["uniswap-v3-swaprouter02.json"])],
    "1.10": [(ANY, ["uniswap-v2-router02.json"])],
    "1.11": [(ANY, ["multicall3.json"])],
    "1.12": [(r"^Safe\.execTransaction", ["safe-account.json"]), (ANY, ["safe-multisend.json"])],
    "1.13": [
        (r"^V2 strategy", ["yearn-v2-strategy.json"]),
        (r"^V2 vault", ["yearn-v2-vault.json"]),
        (r"^V3 strategy", ["yearn-v3-tokenized-strategy.json"]),
        (r"^V3 (vault|withdraw|redeem)", ["yearn-v3-vault.json"]),
    ],
    "1.14": [(r"^strategy", ["beefy-strategy.json"]), (r"^vault", ["beefy-vault.json"])],
    "1.15": [
        (r"^gauge", ["curve-gauge.json"]),
        (r"^CRV emission", ["curve-minter.json"]),
        (r"^Convex BaseRewardPool", ["convex-base-reward-pool.json"]),
        (r"^Convex Booster", ["convex-booster.json"]),
    ],
    "1.16": [(ANY, ["gmx-v2-exchange-router.json"])],
    "1.18": [
        (r"^Instadapp", ["instadapp-dsa-v2-account.json"]),
        (r"^DeFi Saver", ["defisaver-recipe-executor.json"]),
    ],
}

# Selectors quoted in prose (outside tables), keyed by canonical signature.
PROSE_FILES = {
    "permit(address,address,uint256,uint256,bool,uint8,bytes32,bytes32)": ["dai-permit.json"],
    "exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))": ["uniswap-v3-swaprouter-legacy.json"],
    "FLASHLOAN_PREMIUM_TOTAL()": ["aave-v3-pool.json"],
}

# Reference entries deliberately not carried by any abi/ file.
EXCLUDED = {
    "execute(bytes32[],bytes[])": "weiroll VM entry: the external name is chosen by each host contract; the reference marks it UNCONFIRMED as a standard",
    "transferMargin(int256)": "Synthetix Perps V2: venue status UNCONFIRMED in the reference and not a planned hedge venue",
    "modifyPosition(int256,uint256)": "Synthetix Perps V2: venue status UNCONFIRMED in the reference and not a planned hedge venue",
    "submitOffchainDelayedOrder(int256,uint256)": "Synthetix Perps V2: venue status UNCONFIRMED in the reference and not a planned hedge venue",
    "closePosition(uint256)": "Synthetix Perps V2: venue status UNCONFIRMED in the reference and not a planned hedge venue",
    "withdrawAllMargin()": "Synthetix Perps V2: venue status UNCONFIRMED in the reference and not a planned hedge venue",
}

MUTABILITIES = {"pure", "view", "nonpayable", "payable"}
ENTRY_TYPES = {"function", "event", "error", "constructor", "fallback", "receive"}


class Report:
    def __init__(self):
        self.errors = []
        self.notes = []

    def error(self, msg):
        self.errors.append(msg)

    def note(self, msg):
        self.notes.append(msg)


# --------------------------------------------------------------------------------------------
# ABI validation and canonical signatures
# --------------------------------------------------------------------------------------------
ARRAY_SUFFIX = re.compile(r"((?:\[\d*\])*)$")


def split_array_suffix(t):
    m = ARRAY_SUFFIX.search(t)
    suffix = m.group(1)
    return t[: len(t) - len(suffix)], suffix


def canonical_type(param, where, report):
    """Canonical type string of one parameter: tuples expanded, arrays kept."""
    t = param.get("type")
    if not isinstance(t, str) or not t:
        report.error(f"{where}: parameter without a type: {param!r}")
        return "?"
    base, suffix = split_array_suffix(t)
    if base == "tuple":
        comps = param.get("components")
        if not isinstance(comps, list) or not comps:
            report.error(f"{where}: tuple parameter {param.get('name')!r} has no components")
            return "()" + suffix
        inner = ",".join(canonical_type(c, f"{where}.{c.get('name', '?')}", report) for c in comps)
        return f"({inner}){suffix}"
    if "components" in param:
        report.error(f"{where}: non-tuple parameter {param.get('name')!r} carries components")
    return t


def check_internal_type(param, where, report):
    it = param.get("internalType")
    if it is None:
        return
    t = param["type"]
    base, suffix = split_array_suffix(t)
    it_base, it_suffix = split_array_suffix(it)
    if it_suffix != suffix:
        report.error(f"{where}: internalType {it!r} array shape differs from type {t!r}")
        return
    if base == "tuple":
        ok = it_base.startswith("struct ")
    elif it_base.startswith("contract ") or it_base == "address payable":
        ok = base == "address"
    elif it_base.startswith("enum "):
        ok = base == "uint8"
    else:
        ok = it_base == base
    if not ok:
        report.error(f"{where}: internalType {it!r} does not fit type {t!r}")
    for c in param.get("components") or []:
        check_internal_type(c, f"{where}.{c.get('name', '?')}", report)


def check_param_list(params, where, report, event=False):
    if not isinstance(params, list):
        report.error(f"{where}: must be a list")
        return []
    out = []
    for i, prm in enumerate(params):
        pw = f"{where}[{i}]"
        if not isinstance(prm, dict):
            report.error(f"{pw}: parameter must be an object")
            continue
        if not isinstance(prm.get("name", None), str):
            report.error(f"{pw}: parameter needs a string name (may be empty)")
        if event and not isinstance(prm.get("indexed"), bool):
            report.error(f"{pw}: event input needs a boolean 'indexed'")
        if not event and "indexed" in prm:
            report.error(f"{pw}: 'indexed' only belongs on event inputs")
        ct = canonical_type(prm, pw, report)
        try:
            parse_abi_type(ct).validate()
        except Exception as e:  # eth_abi raises ParseError / ABITypeError
            report.error(f"{pw}: type {ct!r} rejected by eth_abi.grammar: {e}")
        else:
            try:
                ok = abi_registry.has_encoder(ct) and abi_registry.get_decoder(ct) is not None
            except Exception:
                ok = False
            if not ok:
                report.error(f"{pw}: type {ct!r} has no eth_abi encoder/decoder")
        check_internal_type(prm, pw, report)
        out.append(ct)
    return out


def hex0x(b):
    return "0x" + b.hex()


def process_file(fname, entries, report):
    where0 = fname
    if not isinstance(entries, list):
        report.error(f"{fname}: top level must be a JSON array")
        return []
    results = []
    seen_sigs = {}
    for idx, e in enumerate(entries):
        where = f"{where0}[{idx}]"
        if not isinstance(e, dict):
            report.error(f"{where}: entry must be an object")
            continue
        kind = e.get("type")
        if kind not in ENTRY_TYPES:
            report.error(f"{where}: unknown entry type {kind!r}")
            continue
        if kind in ("constructor", "fallback", "receive"):
            report.note(f"{where}: {kind} entry carries no selector")
            continue
        name = e.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", name):
            report.error(f"{where}: bad name {name!r}")
            continue
        where = f"{where0}:{name}"
        if kind == "function":
            for key in ("inputs", "outputs", "stateMutability"):
                if key not in e:
                    report.error(f"{where}: function lacks '{key}'")
            if e.get("stateMutability") not in MUTABILITIES:
                report.error(f"{where}: bad stateMutability {e.get('stateMutability')!r}")
            if any(k in e for k in ("constant", "payable")):
                report.error(f"{where}: legacy 'constant'/'payable' keys are not used in abi/")
            ins = check_param_list(e.get("inputs", []), f"{where}.inputs", report)
            check_param_list(e.get("outputs", []), f"{where}.outputs", report)
        elif kind == "event":
            if "outputs" in e or "stateMutability" in e:
                report.error(f"{where}: event must not carry outputs/stateMutability")
            if not isinstance(e.get("anonymous", False), bool):
                report.error(f"{where}: 'anonymous' must be a boolean")
            ins = check_param_list(e.get("inputs", []), f"{where}.inputs", report, event=True)
            n_indexed = sum(1 for prm in e.get("inputs", []) if isinstance(prm, dict) and prm.get("indexed"))
            limit = 4 if e.get("anonymous") else 3
            if n_indexed > limit:
                report.error(f"{where}: {n_indexed} indexed inputs (max {limit})")
        else:  # error
            if "outputs" in e or "stateMutability" in e:
                report.error(f"{where}: error must not carry outputs/stateMutability")
            ins = check_param_list(e.get("inputs", []), f"{where}.inputs", report)

        signature = f"{name}({','.join(ins)})"
        digest = keccak(text=signature)

        # Independent second computation with eth_utils' own ABI helpers.
        try:
            lib_sig = eth_utils.abi_to_signature(e)
        except Exception as ex:
            report.error(f"{where}: eth_utils.abi_to_signature failed: {ex}")
            lib_sig = None
        if lib_sig is not None and lib_sig != signature:
            report.error(f"{where}: canonical {signature!r} != eth_utils {lib_sig!r}")

        rec = {"kind": kind, "name": name, "signature": signature}
        if kind == "event":
            topic = digest
            try:
                lib_topic = eth_utils.event_abi_to_log_topic(e)
                if bytes(lib_topic) != topic:
                    report.error(f"{where}: topic0 differs from eth_utils.event_abi_to_log_topic")
            except Exception as ex:
                report.error(f"{where}: eth_utils.event_abi_to_log_topic failed: {ex}")
            rec["topic0"] = hex0x(topic)
            if e.get("anonymous"):
                rec["anonymous"] = True
        else:
            sel = digest[:4]
            if kind == "function":
                try:
                    lib_sel = eth_utils.function_abi_to_4byte_selector(e)
                    if bytes(lib_sel) != sel:
                        report.error(f"{where}: selector differs from eth_utils.function_abi_to_4byte_selector")
                except Exception as ex:
                    report.error(f"{where}: eth_utils.function_abi_to_4byte_selector failed: {ex}")
            else:
                if eth_utils.function_signature_to_4byte_selector(signature) != sel:
                    report.error(f"{where}: selector differs from eth_utils.function_signature_to_4byte_selector")
            rec["selector"] = hex0x(sel)
            rec["stateMutability"] = e.get("stateMutability") if kind == "function" else None
            if rec["stateMutability"] is None:
                del rec["stateMutability"]

        key = (kind, signature)
        if key in seen_sigs:
            report.error(f"{fname}: {kind} {signature} declared twice")
        seen_sigs[key] = rec
        results.append(rec)

    # Two different functions/errors of one file must never share a selector.
    by_sel = defaultdict(set)
    for r in results:
        if "selector" in r:
            by_sel[r["selector"]].add(r["signature"])
    for sel, sigs in by_sel.items():
        if len(sigs) > 1:
            report.error(f"{fname}: selector {sel} shared by {sorted(sigs)}")
    return results


# --------------------------------------------------------------------------------------------
# Reference parsing
# --------------------------------------------------------------------------------------------
SECTION_RE = re.compile(r"^#{2,4}\s+(\d+(?:\.\d+)*)\b")
HEX8 = re.compile(r"^[0-9a-fA-F]{8}$")
HASH32 = re.compile(r"^0x[0-9a-fA-F]{64}$")
FUNC_RE = re.compile(r"^([A-Za-z_$][A-Za-z0-9_$]*)\((.*)\)$", re.S)
IDENT_RE = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
TICKS = re.compile(r"`([^`]+)`")


def split_top_level(s):
    parts, depth, cur = [], 0, []
    for ch in s:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if cur or parts:
        parts.append("".join(cur))
    return parts


def canonicalize_signature(text):
    """`name(type a, type b)` or `name(type,type)` -> `name(type,type)`; None if not a signature."""
    m = FUNC_RE.match(text.strip())
    if not m:
        return None
    name, args = m.group(1), m.group(2).strip()
    if not args:
        return f"{name}()"
    types = []
    for a in split_top_level(args):
        a = a.strip()
        if not a:
            return None
        if a.startswith("("):  # expanded tuple: keep the type, drop anything after it
            depth = 0
            for i, ch in enumerate(a):
                depth += ch == "("
                depth -= ch == ")"
                if depth == 0:
                    rest = a[i + 1:]
                    m2 = re.match(r"^((?:\[\d*\])*)", rest)
                    types.append(a[: i + 1] + m2.group(1))
                    break
        else:
            types.append(a.split()[0])
    sig = f"{name}({','.join(types)})"
    try:
        for t in types:
            parse_abi_type(t).validate()
    except Exception:
        return None
    return sig


def parse_row(line):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return cells


def parse_reference(path, report):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()

    table_rows = []   # dicts: section, label, signature, selector, line
    prose_sigs = []   # dicts: section, text, signature, selector, line
    prose_names = []  # dicts: section, name, selector, line
    hash_claims = []  # dicts: section, text, hash, line
    section = None
    in_code = False
    i = 0
    paragraph, para_start = [], None

    def flush_paragraph():
        nonlocal paragraph, para_start
        if paragraph:
            text = " ".join(paragraph)
            toks = TICKS.findall(text)
            for j, tok in enumerate(toks):
                if j == 0:
                    continue
                prev = toks[j - 1].strip()
                cur = tok.strip()
                if HEX8.match(cur):
                    sig = canonicalize_signature(prev)
                    if sig:
                        prose_sigs.append({"section": section, "text": prev, "signature": sig,
                                           "selector": cur.lower(), "line": para_start})
                    elif IDENT_RE.match(prev):
                        prose_names.append({"section": section, "name": prev, "selector": cur.lower(),
                                            "line": para_start})
                elif HASH32.match(cur) and not HEX8.match(prev) and not prev.startswith("0x"):
                    hash_claims.append({"section": section, "text": prev, "hash": cur.lower(), "line": para_start})
            # The keccak sanity value quoted for the empty string (`c5d24601…`).
            for tok in toks:
                m = re.fullmatch(r"([0-9a-fA-F]{8})…", tok.strip())
                if m and "empty" in text:
                    hash_claims.append({"section": section, "text": "", "hash_prefix": m.group(1).lower(),
                                        "line": para_start})
        paragraph, para_start = [], None

    while i < len(lines):
        line = lines[i]
        lineno = i + 1
        if line.strip().startswith("```"):
            flush_paragraph()
            in_code = not in_code
            i += 1
            continue
        if in_code:
            i += 1
            continue
        m = SECTION_RE.match(line)
        if m:
            flush_paragraph()
            section = m.group(1)
            i += 1
            continue
        if line.lstrip().startswith("|"):
            flush_paragraph()
            header = parse_row(line)
            canon_col = next((k for k, h in enumerate(header) if h.lower().startswith("canonical")), None)
            sel_col = next((k for k, h in enumerate(header) if h.lower().startswith("selector")), None)
            j = i + 1
            if j < len(lines) and re.match(r"^\s*\|[\s\-:|]+\|\s*$", lines[j]):
                j += 1
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                if canon_col is not None and sel_col is not None:
                    cells = parse_row(lines[j])
                    if max(canon_col, sel_col) < len(cells):
                        sig_m = TICKS.findall(cells[canon_col])
                        sel_m = TICKS.findall(cells[sel_col])
                        if sig_m and sel_m and HEX8.match(sel_m[0].strip()):
                            table_rows.append({"section": section, "label": cells[0],
                                               "signature": sig_m[0].strip(),
                                               "selector": sel_m[0].strip().lower(), "line": j + 1})
                        elif sig_m or sel_m:
                            report.error(f"reference line {j + 1}: table row with an unusable canonical/selector cell")
                        else:
                            report.note(f"reference line {j + 1}: row without signature skipped ({cells[0]!r}: {cells[canon_col]!r})")
                j += 1
            i = j
            continue
        if not line.strip():
            flush_paragraph()
        else:
            if para_start is None:
                para_start = lineno
            paragraph.append(line.strip())
        i += 1
    flush_paragraph()
    return table_rows, prose_sigs, prose_names, hash_claims


def files_for_row(row):
    rules = SECTION_RULES.get(row["section"])
    if rules is None:
        return None
    for rx, files in rules:
        if re.search(rx, row["label"]):
            return files
    return None


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------
def dump_compact(obj):
    """Readable but compact: one record per line."""
    def one(v):
        return json.dumps(v, separators=(", ", ": "), ensure_ascii=False)

    out = ["{"]
    keys = list(obj.keys())
    for ki, k in enumerate(keys):
        v = obj[k]
        comma = "," if ki < len(keys) - 1 else ""
        if isinstance(v, dict) and v and all(isinstance(x, list) for x in v.values()):
            out.append(f"  {json.dumps(k)}: {{")
            sub = list(v.keys())
            for si, sk in enumerate(sub):
                items = v[sk]
                scomma = "," if si < len(sub) - 1 else ""
                if not items:
                    out.append(f"    {json.dumps(sk)}: []{scomma}")
                    continue
                out.append(f"    {json.dumps(sk)}: [")
                for ii, it in enumerate(items):
                    out.append(f"      {one(it)}{',' if ii < len(items) - 1 else ''}")
                out.append(f"    ]{scomma}")
            out.append(f"  }}{comma}")
        elif isinstance(v, list) and v:
            out.append(f"  {json.dumps(k)}: [")
            for ii, it in enumerate(v):
                out.append(f"    {one(it)}{',' if ii < len(v) - 1 else ''}")
            out.append(f"  ]{comma}")
        else:
            out.append(f"  {json.dumps(k)}: {one(v)}{comma}")
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reference", default=os.environ.get("BALLAST_PROTOCOLS_MD", DEFAULT_REFERENCE))
    ap.add_argument("--out", default=OUT_PATH)
    ap.add_argument("--check", action="store_true", help="do not write; fail if the output file would change")
    args = ap.parse_args()

    report = Report()

    # Sanity of the hash function against well-known values before trusting anything else.
    assert keccak(b"").hex().startswith("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    assert keccak(text="transfer(address,uint256)")[:4].hex() == "a9059cbb"

    # ---- 1+2: ABI files
    abi_files = sorted(f for f in os.listdir(ABI_DIR) if f.endswith(".json"))
    files_out = {}
    for fname in abi_files:
        # kebab-case, except the executor interface, whose name the plan issue fixes
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*\.json", fname) and fname != "BallastExecutor.json":
            report.error(f"{fname}: file name is not kebab-case")
        with open(os.path.join(ABI_DIR, fname), encoding="utf-8") as f:
            try:
                entries = json.load(f)
            except json.JSONDecodeError as e:
                report.error(f"{fname}: invalid JSON: {e}")
                continue
        files_out[fname] = process_file(fname, entries, report)

    # Index: signature -> [(file, selector)]
    by_sig = defaultdict(list)
    by_sel = defaultdict(set)
    for fname, recs in files_out.items():
        for r in recs:
            if "selector" in r:
                by_sig[r["signature"]].append((fname, r["selector"]))
                by_sel[r["selector"]].add((r["signature"], fname))

    # ---- 3: reference
    ref_path = os.path.normpath(args.reference)
    if not os.path.isfile(ref_path):
        print(f"error: reference not found at {ref_path} (use --reference)", file=sys.stderr)
        return 2
    table_rows, prose_sigs, prose_names, hash_claims = parse_reference(ref_path, report)
    if not table_rows:
        report.error("no selector table rows parsed from the reference")

    reference_out = []
    referenced_sigs = set()

    def check_entry(entry, files, origin):
        sig, sel = entry["signature"], entry["selector"]
        referenced_sigs.add(sig)
        computed = keccak(text=sig)[:4].hex()
        status = {"section": entry["section"], "signature": sig, "selector": "0x" + sel, "source": origin,
                  "referenceLine": entry["line"]}
        if computed != sel:
            report.error(f"MISMATCH reference line {entry['line']} (§{entry['section']}): {sig} is listed as "
                         f"{sel} but keccak gives {computed}")
            status["computedSelector"] = "0x" + computed
        if sig in EXCLUDED:
            status["excluded"] = EXCLUDED[sig]
            if sig in by_sig:
                report.error(f"{sig} is in EXCLUDED but present in {[f for f, _ in by_sig[sig]]}")
            return status
        if files is None:
            report.error(f"UNMAPPED reference line {entry['line']} (§{entry['section']}): {sig} — no abi/ file "
                         f"assigned; add a rule in SECTION_RULES/PROSE_FILES or an EXCLUDED reason")
            return status
        hits = [(f, s) for f, s in by_sig.get(sig, []) if f in files]
        if not hits:
            report.error(f"MISSING reference line {entry['line']} (§{entry['section']}): {sig} ({sel}) "
                         f"not found in {files}")
        for f, s in hits:
            if s != "0x" + sel:
                report.error(f"MISMATCH {f}: {sig} has {s}, reference lists {sel}")
        status["files"] = sorted(f for f, _ in hits)
        return status

    for row in table_rows:
        reference_out.append(check_entry(row, files_for_row(row), "table"))
    for ps in prose_sigs:
        reference_out.append(check_entry(ps, PROSE_FILES.get(ps["signature"]), "prose"))

    # Bare names quoted with a selector (e.g. "`approve` `095ea7b3`") must match a signature of that name.
    for pn in prose_names:
        candidates = [r for r in table_rows + prose_sigs if r["signature"].split("(")[0] == pn["name"]]
        if not any(r["selector"] == pn["selector"] for r in candidates):
            report.error(f"MISMATCH reference line {pn['line']}: `{pn['name']}` quoted as {pn['selector']} but no "
                         f"listed signature of that name has it")
        else:
            report.note(f"reference line {pn['line']}: quoted `{pn['name']}` = {pn['selector']} agrees with the tables")

    hash_out = []
    for hc in hash_claims:
        if "hash_prefix" in hc:
            ok = keccak(b"").hex().startswith(hc["hash_prefix"])
            if not ok:
                report.error(f"MISMATCH reference line {hc['line']}: empty-string keccak prefix {hc['hash_prefix']}")
            continue
        computed = "0x" + keccak(text=hc["text"]).hex()
        hash_out.append({"section": hc["section"], "text": hc["text"], "hash": hc["hash"], "referenceLine": hc["line"],
                         "agrees": computed == hc["hash"]})
        if computed != hc["hash"]:
            report.error(f"MISMATCH reference line {hc['line']}: keccak({hc['text']!r}) = {computed}, listed {hc['hash']}")

    # Functions in abi/ whose signature the reference never quotes (informational).
    not_in_reference = []
    for fname, recs in files_out.items():
        for r in recs:
            if "selector" in r and r["signature"] not in referenced_sigs:
                not_in_reference.append({"file": fname, "signature": r["signature"], "selector": r["selector"]})
            if r["kind"] == "event":
                not_in_reference.append({"file": fname, "signature": r["signature"], "topic0": r["topic0"]})

    # ---- 4: collisions across files
    collisions = []
    for sel, pairs in sorted(by_sel.items()):
        sigs = sorted({s for s, _ in pairs})
        if len(sigs) > 1:
            collisions.append({"selector": sel, "signatures": [
                {"signature": s, "files": sorted(f for s2, f in pairs if s2 == s)} for s in sigs]})
    shared = []
    for sig, pairs in sorted(by_sig.items()):
        fs = sorted({f for f, _ in pairs})
        if len(fs) > 1:
            shared.append({"signature": sig, "selector": pairs[0][1], "files": fs})

    out = {
        "generator": "vectors/gen_selectors.py (eth-utils %s keccak + ABI helpers, eth-abi %s grammar/registry)"
                     % (getattr(eth_utils, "__version__", "?"), getattr(eth_abi, "__version__", "?")),
        "reference": "vectors/reference/protocols.md",
        "notes": "signature = canonical form (tuples expanded, no names, no spaces); selector = first 4 bytes of "
                 "keccak-256(signature); events carry topic0 = keccak-256(signature) instead of a selector.",
        "files": files_out,
        "referenceTable": reference_out,
        "referenceHashes": hash_out,
        "notInReference": not_in_reference,
        "sharedSignatures": shared,
        "collisions": collisions,
    }
    text = dump_compact(out)

    # ---- report
    n_fn = sum(1 for recs in files_out.values() for r in recs if r["kind"] == "function")
    n_ev = sum(1 for recs in files_out.values() for r in recs if r["kind"] == "event")
    n_er = sum(1 for recs in files_out.values() for r in recs if r["kind"] == "error")
    print(f"abi/: {len(files_out)} files, {n_fn} functions, {n_ev} events, {n_er} errors")
    for fname, recs in files_out.items():
        kinds = defaultdict(int)
        for r in recs:
            kinds[r["kind"]] += 1
        print(f"  {fname:40s} " + ", ".join(f"{v} {k}s" for k, v in sorted(kinds.items())))
    print(f"reference: {len(table_rows)} table rows, {len(prose_sigs)} prose signatures, "
          f"{len(prose_names)} quoted names, {len(hash_out)} type hashes")
    excluded = [r for r in reference_out if "excluded" in r]
    for r in excluded:
        print(f"  excluded: {r['signature']} {r['selector']} — {r['excluded']}")
    if collisions:
        print("selector collisions across files (same selector, different signature):")
        for c in collisions:
            print(f"  {c['selector']}: " + "; ".join(f"{s['signature']} in {s['files']}" for s in c["signatures"]))
    else:
        print("selector collisions across files: none")
    if not_in_reference:
        print("in abi/ but not quoted by the reference (informational):")
        for r in not_in_reference:
            print(f"  {r['file']}: {r['signature']} {r.get('selector', r.get('topic0'))}")
    for n in report.notes:
        print(f"note: {n}")

    if report.errors:
        print(f"\nFAILED: {len(report.errors)} problem(s):", file=sys.stderr)
        for e in report.errors:
            print(f"  - {e}", file=sys.stderr)
        return 1

    if args.check:
        with open(args.out, encoding="utf-8") as f:
            if f.read() != text:
                print(f"FAILED: {args.out} is out of date", file=sys.stderr)
                return 1
        print(f"OK: {args.out} is up to date")
        return 0
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"OK: wrote {os.path.relpath(args.out, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
