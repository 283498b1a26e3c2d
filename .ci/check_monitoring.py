#!/usr/bin/env python3
"""Offline checks of the monitoring files (deploy/monitoring), no Prometheus or Grafana running.

    python3 .ci/check_monitoring.py <docker-compose config output>

1. Every metric name the Grafana dashboards and the Prometheus alert rules use is listed in
   deploy/monitoring/exported-series.txt, i.e. really exported: batch-job's
   MonitoringProcessTest asserts each batch-job series of that list is in the scrape of a real
   --schedule process; the search-api ones are those its OperationsTest asserts. Where the list
   gives a series' labels (which MonitoringProcessTest checks in the same scrape), every label
   the dashboards and rules match that series on or aggregate it by is one of them.
2. The dashboards, alert rules, Prometheus and Grafana provisioning files have the intended
   shape and agree with each other and with docker-compose.yml (profile "monitoring").
(`promtool check`/`test rules` run from .ci/check-deploy.)
Prints one line per check; exits 1 when any fails.
"""
import glob
import json
import os
import re
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
MON = os.path.join(ROOT, 'deploy', 'monitoring')
failures = 0

# PromQL words that are not metric names: functions are recognised by the "(" after them.
KEYWORDS = {'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless',
            'offset', 'inf', 'nan', 'atan2'}


def expect(cond, what):
    global failures
    print(f"  {'ok  ' if cond else 'FAIL'} {what}")
    if not cond:
        failures += 1
    return cond


def metric_names(expr):
    """The metric names a PromQL expression selects (Grafana variables allowed)."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)          # string literals
    s = re.sub(r'\{[^}]*\}', ' ', s)                        # label matchers
    s = re.sub(r'\[[^\]]*\]', ' ', s)                       # range and subquery durations
    s = re.sub(r'\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)', ' ', s)  # label lists
    s = re.sub(r'\$\{?\w+\}?', ' ', s)                      # Grafana variables
    names = set()
    for m in re.finditer(r'[a-zA-Z_:][a-zA-Z0-9_:]*', s):
        word = m.group(0)
        rest = s[m.end():].lstrip()
        if rest.startswith('(') or word.lower() in KEYWORDS:
            continue
        if m.start() > 0 and (s[m.start() - 1].isdigit() or s[m.start() - 1] == '.'):
            continue                                        # 1e9, 60m, ...
        names.add(word)
    return names


def exported():
    """{series: application} and {series: labels} for the series whose labels are listed."""
    series, labels = {}, {}
    with open(os.path.join(MON, 'exported-series.txt'), encoding='utf-8') as f:
        for line in f:
            fields = line.split()
            if len(fields) in (2, 3) and not fields[0].startswith('#'):
                series[fields[1]] = fields[0]
                if len(fields) == 3:
                    labels[fields[1]] = set(fields[2].split(','))
    return series, labels


# Labels every series has in Prometheus: the scrape target's (pushed series keep theirs).
TARGET_LABELS = {'job', 'instance'}


def label_uses(expr):
    """(metric name, label) pairs an expression matches on, and the labels it aggregates by."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    matched = set()
    for m in re.finditer(r'([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}', s):
        for label in re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)', m.group(2)):
            matched.add((m.group(1), label))
    grouped = set()
    for m in re.finditer(r'\b(?:by|without)\s*\(([^)]*)\)', s):
        grouped.update(l.strip() for l in m.group(1).split(',') if l.strip())
    return matched, grouped


def check_labels(where, expr, labels):
    """The labels an expression uses are carried by its series, where exported-series.txt lists them."""
    matched, grouped = label_uses(expr)
    for name, label in sorted(matched):
        if name in labels and label not in TARGET_LABELS:
            expect(label in labels[name], f'{where}: {name} carries label {label}')
    listed = [n for n in metric_names(expr) if n in labels]
    for label in sorted(grouped - TARGET_LABELS):
        for name in listed:
            expect(label in labels[name], f'{where}: aggregates {name} by {label}, which it carries')


def dashboard_exprs(dash):
    out = []

    def walk(panels):
        for p in panels or []:
            for t in p.get('targets') or []:
                if t.get('expr'):
                    out.append((p.get('title'), t['expr']))
            walk(p.get('panels'))
    walk(dash.get('panels'))
    for var in (dash.get('templating') or {}).get('list') or []:
        q = var.get('query')
        q = q.get('query') if isinstance(q, dict) else q
        m = re.match(r'\s*label_values\((.*),\s*(\w+)\)\s*$', q or '')
        if m:
            # The label a variable lists is used like an aggregation label.
            out.append((f"variable {var.get('name')}", f'sum by ({m.group(2)}) ({m.group(1)})'))
    return out


def check_series():
    print('metric names used by the dashboards and alert rules are exported')
    series, labels = exported()
    expect(len(series) > 0, f'exported-series.txt lists {len(series)} series')
    expect(set(series.values()) <= {'batch-job', 'search-api'}, 'exported-series.txt names batch-job and search-api only')
    used = {}
    dashboards = sorted(glob.glob(os.path.join(MON, 'grafana', 'dashboards', '*.json')))
    expect(len(dashboards) > 0, 'a dashboard in deploy/monitoring/grafana/dashboards')
    for path in dashboards:
        with open(path, encoding='utf-8') as f:
            dash = json.load(f)
        for where, expr in dashboard_exprs(dash):
            for name in metric_names(expr):
                used.setdefault(name, set()).add(f'{os.path.basename(path)}: {where}')
            check_labels(f'{os.path.basename(path)}: {where}', expr, labels)
    with open(os.path.join(MON, 'prometheus', 'alerts.yml'), encoding='utf-8') as f:
        rules = yaml.safe_load(f)
    for group in rules.get('groups') or []:
        for rule in group.get('rules') or []:
            for name in metric_names(str(rule.get('expr', ''))):
                used.setdefault(name, set()).add(f"alerts.yml: {rule.get('alert') or rule.get('record')}")
            check_labels(f"alerts.yml: {rule.get('alert') or rule.get('record')}", str(rule.get('expr', '')), labels)
    expect(len(used) > 0, f'{len(used)} metric names found in the dashboards and rules')
    for name in sorted(used):
        expect(name in series, f"{name} ({series.get(name, 'NOT EXPORTED')}) used by {', '.join(sorted(used[name]))}")
    unused = sorted(set(series) - set(used))
    expect(not unused, f'every listed series is used (unused: {unused})')
    return series


def check_files():
    print('dashboards, alert rules and provisioning')
    with open(os.path.join(MON, 'grafana', 'provisioning', 'datasources', 'prometheus.yml'), encoding='utf-8') as f:
        ds = yaml.safe_load(f)
    sources = ds.get('datasources') or []
    expect(len(sources) == 1 and sources[0].get('type') == 'prometheus', 'one Prometheus data source')
    uid = sources[0].get('uid') if sources else None
    expect(sources and sources[0].get('url') == 'http://prometheus:9090', 'data source is the compose prometheus')
    for path in sorted(glob.glob(os.path.join(MON, 'grafana', 'dashboards', '*.json'))):
        with open(path, encoding='utf-8') as f:
            dash = json.load(f)
        name = os.path.basename(path)
        expect(bool(dash.get('uid')) and bool(dash.get('title')), f'{name} has a uid and a title')
        panels = [p for p in dash.get('panels') or [] if p.get('type') != 'row']
        expect(len(panels) > 0, f'{name} has {len(panels)} panels')
        for p in panels:
            expect(dig(p, 'datasource', 'uid') == uid and all(dig(t, 'datasource', 'uid') == uid for t in p.get('targets') or []),
                   f"{name}: panel '{p.get('title')}' queries data source {uid}")
            expect(bool(p.get('targets')), f"{name}: panel '{p.get('title')}' has queries")
            refs = [t.get('refId') for t in p.get('targets') or []]
            expect(len(refs) == len(set(refs)), f"{name}: panel '{p.get('title')}' refIds are unique")
        ids = [p.get('id') for p in dash.get('panels') or []]
        expect(len(ids) == len(set(ids)), f'{name}: panel ids are unique')
        titles = ' '.join(p.get('title', '') for p in panels).lower()
        for what in ('last run', 'circuit', 'duration', 'items', 'request rate', 'latency', 'cache hit ratio'):
            expect(what in titles, f"{name} shows '{what}'")
    with open(os.path.join(MON, 'prometheus', 'alerts.yml'), encoding='utf-8') as f:
        rules = yaml.safe_load(f)
    alerts = {r.get('alert'): r for g in rules.get('groups') or [] for r in g.get('rules') or []}
    for name in ('PlansImportNoRecentSuccess', 'PlansImportFailed', 'PlansImportRejectsHigh', 'PlansProviderCircuitOpen'):
        expect(name in alerts, f'alert {name}')
    for name, rule in alerts.items():
        expect(bool(rule.get('expr')) and dig(rule, 'labels', 'severity') in ('warning', 'critical')
               and bool(dig(rule, 'annotations', 'summary')), f'alert {name}: expr, severity and summary')


def dig(obj, *keys):
    for k in keys:
        obj = obj.get(k) if isinstance(obj, dict) else None
    return obj


def mounts(svc):
    out = []
    for v in svc.get('volumes') or []:
        if isinstance(v, dict):
            out.append((str(v.get('source')), str(v.get('target'))))
        else:
            parts = str(v).split(':')
            if len(parts) >= 2:
                out.append((parts[0], parts[1]))
    return out


def check_compose(config_path):
    print('docker-compose.yml, profile "monitoring"')
    with open(config_path, encoding='utf-8') as f:
        services = (yaml.safe_load(f) or {}).get('services') or {}
    for name in ('prometheus', 'pushgateway', 'grafana'):
        svc = services.get(name) or {}
        expect(svc.get('profiles') == ['monitoring'], f'{name} only under the "monitoring" profile')
    prom, graf = services.get('prometheus') or {}, services.get('grafana') or {}

    def mounted(svc, rel, target):
        return any(os.path.normpath(src) == os.path.join(ROOT, rel) and dst == target for src, dst in mounts(svc))
    expect(mounted(prom, 'deploy/monitoring/prometheus/prometheus.yml', '/etc/prometheus/prometheus.yml'),
           'prometheus mounts deploy/monitoring/prometheus/prometheus.yml')
    expect(mounted(prom, 'deploy/monitoring/prometheus/alerts.yml', '/etc/prometheus/alerts.yml'),
           'prometheus mounts the alert rules at /etc/prometheus/alerts.yml')
    expect(mounted(graf, 'deploy/monitoring/grafana/provisioning', '/etc/grafana/provisioning'),
           'grafana mounts the provisioning files')
    with open(os.path.join(MON, 'grafana', 'provisioning', 'dashboards', 'plans.yml'), encoding='utf-8') as f:
        dash_path = dig((yaml.safe_load(f).get('providers') or [{}])[0], 'options', 'path')
    expect(mounted(graf, 'deploy/monitoring/grafana/dashboards', dash_path),
           f'grafana mounts the dashboards where the provider reads them ({dash_path})')
    with open(os.path.join(MON, 'prometheus', 'prometheus.yml'), encoding='utf-8') as f:
        prom_cfg = yaml.safe_load(f)
    expect('/etc/prometheus/alerts.yml' in (prom_cfg.get('rule_files') or []), 'prometheus.yml loads the alert rules')
    jobs = {j['job_name']: j for j in prom_cfg.get('scrape_configs') or []}
    targets = lambda job: [t for sc in (jobs.get(job) or {}).get('static_configs') or [] for t in sc.get('targets') or []]
    bj_env = (services.get('batch-job') or {}).get('environment') or {}
    port = bj_env.get('MANAGEMENT_SERVER_PORT')
    expect(bool(port) and bj_env.get('MANAGEMENT_SERVER_ADDRESS') == '0.0.0.0',
           f'batch-job serves Actuator on port {port} of every interface (MANAGEMENT_SERVER_PORT/ADDRESS)')
    expect(targets('batch-job') == [f'batch-job:{port}'], f"prometheus scrapes batch-job:{port} ({targets('batch-job')})")
    replicas = sorted(n for n in services if n.startswith('search-api'))
    expect(sorted(targets('search-api')) == [f'{n}:8080' for n in replicas], f'prometheus scrapes every search-api replica {replicas}')
    expect(targets('pushgateway') == ['pushgateway:9091'] and (jobs.get('pushgateway') or {}).get('honor_labels') is True,
           'prometheus scrapes the pushgateway with honor_labels')
    for job in ('batch-job', 'search-api'):
        expect((jobs.get(job) or {}).get('metrics_path') == '/actuator/prometheus', f'{job} scraped at /actuator/prometheus')


def main():
    check_series()
    check_files()
    if len(sys.argv) > 1:
        check_compose(sys.argv[1])
    print('monitoring files: all checks passed' if failures == 0 else f'monitoring files: {failures} check(s) FAILED')
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
