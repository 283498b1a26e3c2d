#!/usr/bin/env python3
"""Static checks of the deployment files, no Docker engine and no cluster needed.

    python3 .ci/check_deploy.py k8s                      # Kubernetes manifests
    python3 .ci/check_deploy.py compose <config.yml>     # output of `docker-compose config`
    python3 .ci/check_deploy.py dockerfiles              # both Dockerfiles, .dockerignore
    python3 .ci/check_deploy.py nginx                    # the load balancer's config

Prints one line per check; exits 1 when any fails.
"""
import glob
import os
import re
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
failures = 0


def expect(cond, what):
    global failures
    print(f"  {'ok  ' if cond else 'FAIL'} {what}")
    if not cond:
        failures += 1
    return cond


def read(rel):
    with open(os.path.join(ROOT, rel), encoding='utf-8') as f:
        return f.read()


def dig(obj, *keys):
    for k in keys:
        if isinstance(obj, dict):
            obj = obj.get(k)
        elif isinstance(obj, list) and isinstance(k, int) and k < len(obj):
            obj = obj[k]
        else:
            return None
    return obj


# ---------------------------------------------------------------- Kubernetes
def load_manifests():
    docs = []
    for path in sorted(glob.glob(os.path.join(ROOT, '*', 'k8s', '*.yaml'))):
        rel = os.path.relpath(path, ROOT)
        try:
            with open(path, encoding='utf-8') as f:
                loaded = [d for d in yaml.safe_load_all(f) if d is not None]
        except yaml.YAMLError as e:
            expect(False, f'{rel} parses as YAML ({e})')
            continue
        ok = all(isinstance(d, dict) and d.get('apiVersion') and d.get('kind')
                 and (dig(d, 'metadata', 'name') or dig(d, 'metadata', 'generateName')) for d in loaded)
        expect(ok and loaded, f'{rel}: {len(loaded)} document(s), each with apiVersion, kind, metadata.name')
        docs += [(rel, d) for d in loaded]
    return docs


def check_container(where, c, probes):
    res = c.get('resources') or {}
    expect(all(dig(res, part, r) for part in ('requests', 'limits') for r in ('cpu', 'memory')),
           f'{where}: resources requests and limits (cpu, memory)')
    sc = c.get('securityContext') or {}
    expect(sc.get('readOnlyRootFilesystem') is True and sc.get('allowPrivilegeEscalation') is False,
           f'{where}: readOnlyRootFilesystem, no privilege escalation')
    mounts = {m.get('mountPath') for m in c.get('volumeMounts') or []}
    expect('/tmp' in mounts, f'{where}: writable /tmp mounted')
    if probes:
        for probe, path in (('livenessProbe', '/actuator/health/liveness'),
                            ('readinessProbe', '/actuator/health/readiness')):
            expect(dig(c, probe, 'httpGet', 'path') == path, f'{where}: {probe} on {path}')


def check_pod(where, pod, probes=False):
    sc = pod.get('securityContext') or {}
    expect(sc.get('runAsNonRoot') is True and (sc.get('runAsUser') or 0) > 0, f'{where}: pod runs as non-root')
    containers = pod.get('containers') or []
    expect(len(containers) >= 1, f'{where}: has a container')
    for c in containers:
        check_container(f"{where}/{c.get('name')}", c, probes)
    return containers


def check_entrypoint(where, c):
    """The image's exec-form ENTRYPOINT runs java as the container's process: its exit code
    (mapped by the job, 0 for a completed run with rejected plans) and SIGTERM need no wrapper."""
    expect(not c.get('command'), f"{where}: no command override, java is the container's process ({(c.get('command') or [])[:2]})")


def check_failure_policy(where, job, pod):
    rules = dig(job, 'podFailurePolicy', 'rules') or []
    codes = {}
    for r in rules:
        for v in dig(r, 'onExitCodes', 'values') or []:
            if dig(r, 'onExitCodes', 'operator') == 'In':
                codes[v] = r.get('action')
    expect(codes.get(3) in ('Ignore', 'FailJob') and codes.get(4) in ('Ignore', 'FailJob'),
           f'{where}: podFailurePolicy handles exit codes 3 and 4 ({codes.get(3)}, {codes.get(4)})')
    expect(pod.get('restartPolicy') == 'Never', f'{where}: restartPolicy Never (podFailurePolicy needs it)')
    expect(isinstance(job.get('activeDeadlineSeconds'), int), f'{where}: activeDeadlineSeconds')
    expect(isinstance(job.get('backoffLimit'), int), f'{where}: backoffLimit')
    claims = [dig(v, 'persistentVolumeClaim', 'claimName') for v in pod.get('volumes') or []]
    expect(any(claims), f'{where}: staging directory on a PersistentVolumeClaim')
    for c in pod.get('containers') or []:
        check_entrypoint(f"{where}/{c.get('name')}", c)
    return [c for c in claims if c]


def check_k8s():
    print('Kubernetes manifests (*/k8s/*.yaml)')
    docs = load_manifests()
    by_kind = {}
    for rel, d in docs:
        by_kind.setdefault(d['kind'], []).append((rel, d))
    pvcs = {dig(d, 'metadata', 'name') for _, d in by_kind.get('PersistentVolumeClaim', [])}
    configmaps = {dig(d, 'metadata', 'name') for _, d in by_kind.get('ConfigMap', [])}

    def env_sources_exist(where, containers):
        refs = [dig(e, 'configMapRef', 'name') for c in containers for e in c.get('envFrom') or []]
        secrets = [dig(e, 'secretRef', 'name') for c in containers for e in c.get('envFrom') or []]
        expect(any(refs) and all(r in configmaps for r in refs if r),
               f'{where}: environment from ConfigMap {sorted(r for r in refs if r)} (defined)')
        expect(any(secrets), f'{where}: credentials from a Secret {sorted(s for s in secrets if s)}')

    cronjobs = [(r, d) for r, d in by_kind.get('CronJob', []) if dig(d, 'metadata', 'name') == 'plans-import']
    if expect(len(cronjobs) == 1, 'CronJob plans-import exists'):
        rel, cj = cronjobs[0]
        spec = cj.get('spec') or {}
        where = f'{rel} CronJob'
        expect(spec.get('concurrencyPolicy') == 'Forbid', f'{where}: concurrencyPolicy Forbid')
        expect(isinstance(spec.get('startingDeadlineSeconds'), int), f'{where}: startingDeadlineSeconds')
        expect(isinstance(spec.get('successfulJobsHistoryLimit'), int)
               and isinstance(spec.get('failedJobsHistoryLimit'), int), f'{where}: jobs history limits')
        expect(bool(spec.get('schedule')), f"{where}: schedule '{spec.get('schedule')}'")
        job = dig(spec, 'jobTemplate', 'spec') or {}
        pod = dig(job, 'template', 'spec') or {}
        claims = check_failure_policy(where, job, pod)
        expect(all(c in pvcs for c in claims), f'{where}: PersistentVolumeClaim {claims} defined')
        env_sources_exist(where, check_pod(where, pod))

    restarts = [(r, d) for r, d in by_kind.get('Job', [])
                if '--restart' in ' '.join(map(str, dig(d, 'spec', 'template', 'spec', 'containers', 0, 'args') or []))]
    if expect(len(restarts) >= 1, 'a Job manifest runs the batch job with --restart'):
        rel, job = restarts[0]
        pod = dig(job, 'spec', 'template', 'spec') or {}
        where = f'{rel} Job'
        claims = check_failure_policy(where, job.get('spec') or {}, pod)
        expect(all(c in pvcs for c in claims), f'{where}: reuses the staging PersistentVolumeClaim {claims}')
        env_sources_exist(where, check_pod(where, pod))

    deployments = [(r, d) for r, d in by_kind.get('Deployment', []) if dig(d, 'metadata', 'name') == 'search-api']
    labels = {}
    if expect(len(deployments) == 1, 'Deployment search-api exists'):
        rel, dep = deployments[0]
        where = f'{rel} Deployment'
        labels = dig(dep, 'spec', 'selector', 'matchLabels') or {}
        tlabels = dig(dep, 'spec', 'template', 'metadata', 'labels') or {}
        expect(labels and all(tlabels.get(k) == v for k, v in labels.items()), f'{where}: selector matches the pod labels')
        pod = dig(dep, 'spec', 'template', 'spec') or {}
        containers = check_pod(where, pod, probes=True)
        env_sources_exist(where, containers)
        ports = [p.get('containerPort') for c in containers for p in c.get('ports') or []]
        expect(8080 in ports, f'{where}: container port 8080')

    services = [(r, d) for r, d in by_kind.get('Service', []) if dig(d, 'metadata', 'name') == 'search-api']
    if expect(len(services) == 1, 'Service search-api exists'):
        rel, svc = services[0]
        sel = dig(svc, 'spec', 'selector') or {}
        expect(sel and all(labels.get(k) == v for k, v in sel.items()), f'{rel}: selects the Deployment\'s pods')
        expect(dig(svc, 'spec', 'type') in (None, 'ClusterIP'), f'{rel}: ClusterIP (nothing exposed outside the cluster)')

    hpas = [(r, d) for r, d in by_kind.get('HorizontalPodAutoscaler', [])]
    if expect(len(hpas) == 1, 'HorizontalPodAutoscaler exists'):
        rel, hpa = hpas[0]
        expect(hpa.get('apiVersion') == 'autoscaling/v2', f'{rel}: autoscaling/v2')
        ref = dig(hpa, 'spec', 'scaleTargetRef') or {}
        expect(ref.get('kind') == 'Deployment' and ref.get('name') == 'search-api',
               f"{rel}: targets Deployment search-api ({ref.get('kind')}/{ref.get('name')})")
        metrics = dig(hpa, 'spec', 'metrics') or []
        expect(any(dig(m, 'resource', 'name') == 'cpu' for m in metrics), f'{rel}: scales on CPU')
        expect(1 <= (dig(hpa, 'spec', 'minReplicas') or 1) <= (dig(hpa, 'spec', 'maxReplicas') or 0),
               f'{rel}: minReplicas <= maxReplicas')

    secrets = [(r, d) for r, d in by_kind.get('Secret', [])]
    for rel, s in secrets:
        expect('example' in rel, f'{rel}: a Secret only as an example file')


# ---------------------------------------------------------------- Compose
def mounts(svc):
    """(source, target) of a service's volumes, in short ("src:dst:mode") or long syntax."""
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
    print('docker-compose.yml as resolved by docker-compose config')
    with open(config_path, encoding='utf-8') as f:
        cfg = yaml.safe_load(f)
    services = cfg.get('services') or {}
    for name in ('postgres', 'batch-job', 'lb', 'k6'):
        expect(name in services, f'service {name}')
    replicas = [n for n in services if n.startswith('search-api')]
    scaled = dig(services, 'search-api', 'deploy', 'replicas') or 0
    expect(len(replicas) >= 2 or scaled >= 2, f'two search-api replicas ({", ".join(replicas)})')

    # Nothing published but the load balancer (and PostgreSQL on loopback, if at all).
    for name, svc in services.items():
        for p in svc.get('ports') or []:
            if isinstance(p, dict):
                published, host_ip, target = p.get('published'), p.get('host_ip'), p.get('target')
            else:
                m = re.match(r'^(?:(?P<ip>[\d.]+):)?(?:(?P<pub>\d+):)?(?P<target>\d+)', str(p))
                published, host_ip, target = m and m['pub'], m and m['ip'], m and m['target']
            if name == 'lb':
                expect(str(published) == '8080' and str(target) == '8080', f'lb publishes 8080 ({p})')
            elif name in ('postgres', 'grafana'):
                expect(host_ip == '127.0.0.1', f'{name} port only on 127.0.0.1 ({p})')
            else:
                expect(False, f'{name} publishes no port ({p})')
    expect(bool(dig(services, 'lb', 'ports')), 'lb publishes a port')

    pg = services.get('postgres') or {}
    expect(str(pg.get('image', '')).startswith('postgres:17'), f"postgres image {pg.get('image')}")
    expect('pg_isready' in ' '.join(map(str, dig(pg, 'healthcheck', 'test') or [])), 'postgres healthcheck pg_isready')
    named = set((cfg.get('volumes') or {}).keys())
    expect(any(src in named and dst == '/var/lib/postgresql/data' for src, dst in mounts(pg)),
           'postgres data on a named volume')

    bj = services.get('batch-job') or {}
    expect(dig(bj, 'build', 'dockerfile') == 'batch-job/Dockerfile', 'batch-job builds batch-job/Dockerfile')
    expect('--schedule' in (bj.get('command') or []), 'batch-job runs --schedule')
    expect(dig(bj, 'depends_on', 'postgres', 'condition') == 'service_healthy', 'batch-job waits for a healthy postgres')
    env = bj.get('environment') or {}
    expect(bool(env.get('PLANS_PROVIDER_URL')) and bool(env.get('SPRING_DATASOURCE_URL')), 'batch-job PLANS_PROVIDER_URL and datasource set')
    legacy = sorted(n for n in env if n in ('PROVIDER_URL', 'PLANS_STAGING_DIR'))
    expect(not legacy, f'batch-job uses no deprecated variable names {legacy}')
    staging = env.get('PLANS_IMPORT_STAGINGDIR')
    expect(bool(staging) and any(src in named and dst == staging for src, dst in mounts(bj)),
           f'batch-job staging dir {staging} on a named volume')

    for name in replicas:
        svc = services[name]
        expect(dig(svc, 'build', 'dockerfile') == 'search-api/Dockerfile', f'{name} builds search-api/Dockerfile')
        expect(bool((svc.get('environment') or {}).get('SPRING_DATASOURCE_URL')), f'{name} datasource set')

    lb = services.get('lb') or {}
    expect(str(lb.get('image', '')).startswith('nginx:') and 'alpine' in str(lb.get('image')), f"lb image {lb.get('image')}")
    expect(any(src.endswith('search-api/deploy/nginx.conf') and dst == '/etc/nginx/nginx.conf' for src, dst in mounts(lb)),
           'lb mounts search-api/deploy/nginx.conf as /etc/nginx/nginx.conf')

    k6 = services.get('k6') or {}
    expect(str(k6.get('image', '')).startswith('grafana/k6'), f"k6 image {k6.get('image')}")
    expect('k6' in (k6.get('profiles') or []), 'k6 only under the "k6" profile')
    expect((k6.get('environment') or {}).get('BASE_URL') == 'http://lb:8080', 'k6 targets http://lb:8080')
    expect(any(src.rstrip('/').endswith('/k6') and dst == '/scripts' for src, dst in mounts(k6)), 'k6 mounts ./k6 at /scripts')
    return replicas


# ---------------------------------------------------------------- Dockerfiles
def check_dockerfiles():
    print('Dockerfiles')
    for module in ('batch-job', 'search-api'):
        rel = f'{module}/Dockerfile'
        text = read(rel)
        lines = [l.strip() for l in text.splitlines() if l.strip() and not l.strip().startswith('#')]
        froms = [l for l in lines if l.upper().startswith('FROM ')]
        expect(len(froms) >= 2 and froms[0].split()[1].startswith('eclipse-temurin:25-jdk'),
               f'{rel}: multi-stage, build stage eclipse-temurin:25-jdk (the current LTS)')
        expect(froms[-1].split()[1].startswith('eclipse-temurin:25-jre'),
               f'{rel}: runtime on the JRE 25 image, where virtual threads exist ({froms[-1].split()[1]})')
        expect('LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs' in text, f'{rel}: ECS JSON logs in the container')
        expect(re.search(rf'\./mvnw -B -ntp -pl {module} -am -DskipTests package', text) is not None,
               f'{rel}: ./mvnw -B -ntp -pl {module} -am -DskipTests package')
        users = [l.split()[1] for l in lines if l.upper().startswith('USER ')]
        expect(bool(users) and users[-1].split(':')[0] not in ('root', '0'), f'{rel}: runs as non-root ({users[-1] if users else None})')
        # The API keeps room beside its heap for direct memory (the plain answers kept ready).
        heap = '-XX:MaxRAMPercentage=70 -XX:MaxDirectMemorySize=128m' if module == 'search-api' else '-XX:MaxRAMPercentage=75'
        expect(heap in text and 'JAVA_TOOL_OPTIONS' in text, f'{rel}: JAVA_TOOL_OPTIONS {heap}')
        expect('-Djarmode=tools' in text, f'{rel}: layered jar extraction')
        entry = [l for l in lines if l.upper().startswith('ENTRYPOINT ')]
        expect(bool(entry) and entry[-1].split(None, 1)[1].startswith('['), f'{rel}: exec-form ENTRYPOINT (exit codes and signals reach java)')
        if module == 'batch-job':
            # run-job.sh adds the JDK's AOT cache and `exec`s java (RunJobScriptTest tests its logic).
            expect(bool(entry) and entry[-1].endswith('["/app/run-job.sh"]') and 'batch-job/src/main/docker/run-job.sh' in text,
                   f'{rel}: ENTRYPOINT is run-job.sh, copied into /app')
            script = read('batch-job/src/main/docker/run-job.sh')
            runs = [l.strip() for l in script.splitlines() if '-jar "$jar" "$@"' in l]
            expect(bool(runs) and all('exec "$java"' in l for l in runs), f'run-job.sh: every start of the job is exec (java stays PID 1)')
        if module == 'search-api':
            expect(any(l.upper() == 'EXPOSE 8080' for l in lines), f'{rel}: EXPOSE 8080')
            expect(any(l.upper().startswith('HEALTHCHECK') for l in lines) and '/actuator/health/liveness' in text,
                   f'{rel}: HEALTHCHECK on liveness')
    ignore = read('.dockerignore').split()
    for pattern in ('target', '.data', '.git'):
        expect(any(p.strip('/').endswith(pattern) for p in ignore), f'.dockerignore excludes {pattern}')


# ---------------------------------------------------------------- nginx
def check_nginx(replicas):
    rel = 'search-api/deploy/nginx.conf'
    print(f'Load balancer ({rel})')
    text = re.sub(r'#[^\n]*', '', read(rel))
    expect(text.count('{') == text.count('}'), f'{rel}: balanced braces')
    expect(re.search(r'^\s*listen\s+8080\b', text, re.M) is not None, f'{rel}: listens on 8080')
    expect(len(re.findall(r'^\s*listen\b', text, re.M)) == 1, f'{rel}: listens nowhere else')
    m = re.search(r'upstream\s+(\w+)\s*\{([^}]*)\}', text)
    if expect(m is not None, f'{rel}: has an upstream'):
        servers = re.findall(r'^\s*server\s+([\w.-]+):(\d+)', m.group(2), re.M)
        names = {s for s, _ in servers}
        for r in replicas or ['search-api-1', 'search-api-2']:
            expect(r in names, f'{rel}: upstream has {r}')
        expect(re.search(rf'proxy_pass\s+http://{m.group(1)}\s*;', text) is not None, f'{rel}: proxies to the upstream')


def main():
    what = sys.argv[1:] or ['k8s', 'dockerfiles', 'nginx']
    replicas = None
    while what:
        item = what.pop(0)
        if item == 'k8s':
            check_k8s()
        elif item == 'compose':
            replicas = check_compose(what.pop(0))
        elif item == 'dockerfiles':
            check_dockerfiles()
        elif item == 'nginx':
            check_nginx(replicas)
        else:
            sys.exit(f'unknown check {item}')
    print('deploy files: all checks passed' if failures == 0 else f'deploy files: {failures} check(s) FAILED')
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
