"""The Compose file for users validates against the Compose specification and
keeps the deployment defaults of the security review (issue 8, item 8)."""

import configparser
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers import ROOT

COMPOSE = ROOT / "docker" / "compose.yaml"
ENV_EXAMPLE = ROOT / "docker" / ".env.example"
# Debian's docker-compose package ships the Compose specification's schema.
SPEC_CANDIDATES = [
    Path("/usr/lib/python3/dist-packages/compose/config/compose_spec.json"),
]
SECRET_KEY = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN", re.IGNORECASE)
# a value compose must take from docker/.env, with no default: ${NAME:?message}
REQUIRED_VARIABLE = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*:\?[^}]*\}$")


def compose():
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def services():
    return compose()["services"]


def command_text(service):
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def environment(service):
    env = service.get("environment", {})
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def docker_compose(*args, env_file=ENV_EXAMPLE):
    """`docker-compose config` as a user runs it, with only the given env file."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ODOO_", "POSTGRES_", "COMPOSE_"))
    }
    return subprocess.run(
        ["docker-compose", "--env-file", str(env_file), "-f", str(COMPOSE), *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


needs_docker_compose = pytest.mark.skipif(
    not shutil.which("docker-compose"), reason="docker-compose is not installed"
)


DOCKERFILE = ROOT / "docker" / "Dockerfile"


def stages():
    """{stage name: its FROM line} of docker/Dockerfile."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    return {
        match["name"]: match["base"]
        for match in re.finditer(r"^FROM (?P<base>\S+) AS (?P<name>\w+)$", text, re.MULTILINE)
    }


def test_compose_file_parses():
    data = services()
    assert {"db", "odoo", "init", "test", "backup", "sftp"} <= set(data)
    assert data["init"]["build"]["target"] == "runtime"
    assert data["odoo"]["image"] == data["init"]["image"]
    assert data["db"]["image"].startswith("postgres:")


def test_images_are_built_from_the_official_odoo_19_image_with_the_wheels():
    """Starting a container installs nothing: the addons are wheels in the image."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "ARG ODOO_IMAGE=odoo:19" in text
    assert stages()["runtime"] == "${ODOO_IMAGE}"
    assert "pip wheel" in text and "--no-index" in text
    for name, service in services().items():
        assert "pip install" not in command_text(service), name
        if name == "test":
            continue
        for volume in service.get("volumes", []):
            assert not str(volume).startswith(".."), f"{name} mounts the repository: {volume}"


def test_the_test_image_has_a_browser_without_snap():
    """Ubuntu's chromium is a snap stub: the test stage is Debian's."""
    assert stages()["test"].startswith("debian:")
    test = services()["test"]
    assert test["build"]["target"] == "test"
    assert test["volumes"] == ["..:/mnt/src:ro"]


def test_containers_run_as_an_unprivileged_user():
    """Odoo, its jobs and the tests never run as root (PostgreSQL, Mailpit and
    the SFTP server drop their privileges themselves)."""
    for name in ("init", "odoo", "backup", "test"):
        assert services()[name].get("user") not in (None, "root", "0"), name


def test_compose_matches_specification_schema():
    spec = next((path for path in SPEC_CANDIDATES if path.is_file()), None)
    if spec is None:
        pytest.skip(
            "the Compose specification schema is not installed (Debian package docker-compose)"
        )
    schema = json.loads(spec.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    validator(schema).validate(compose())


@needs_docker_compose
def test_docker_compose_config():
    result = docker_compose("config", "-q")
    assert result.returncode == 0, result.stderr


def test_database_manager_off():
    """No database list or manager: --no-database-list, and nothing turns list_db on."""
    odoo = services()["odoo"]
    assert "--no-database-list" in command_text(odoo)
    for name, service in services().items():
        text = command_text(service)
        assert "--list-db" not in text and "list_db" not in text, name
        value = str(environment(service).get("ODOO_LIST_DB", "False"))
        assert value.lower() in ("false", "0"), f"{name}: ODOO_LIST_DB={value}"


def test_no_proxy_mode_by_default():
    for name, service in services().items():
        assert "--proxy-mode" not in command_text(service), name
        value = str(environment(service).get("ODOO_PROXY_MODE", "False"))
        assert value in ("False", "${ODOO_PROXY_MODE:-False}"), f"{name}: {value}"


def test_ports_on_loopback_by_default():
    """Every published port names its host address, and that address is 127.0.0.1
    unless the user sets a variable (ODOO_BIND) in docker/.env."""
    for name, service in services().items():
        for port in service.get("ports", []):
            assert isinstance(port, str), f"{name}: use the short syntax with an address"
            host = port.rsplit(":", 2)[0] if port.count(":") >= 2 else ""
            assert host in ("127.0.0.1", "${ODOO_BIND:-127.0.0.1}"), f"{name}: {port}"


@needs_docker_compose
def test_resolved_ports_on_loopback():
    result = docker_compose("config")
    assert result.returncode == 0, result.stderr
    for name, service in yaml.safe_load(result.stdout)["services"].items():
        for port in service.get("ports", []):
            published = port if isinstance(port, str) else port.get("host_ip", "")
            assert str(published).startswith("127.0.0.1:") or published == "127.0.0.1", (
                f"{name} publishes {port} beyond the machine"
            )


def test_no_literal_passwords():
    """Passwords come from docker/.env as ${VAR:?…}: no literal and no default."""
    for name, service in services().items():
        for key, value in environment(service).items():
            if SECRET_KEY.search(key):
                assert REQUIRED_VARIABLE.match(str(value)), f"{name}: {key} is a literal"
    text = COMPOSE.read_text(encoding="utf-8")
    assert not re.search(r"PASSWORD[\w]*\s*[:=]\s*['\"]?odoo\b", text)
    assert not re.search(r"admin_passwd", text)


@needs_docker_compose
def test_compose_refuses_to_start_without_env_file(tmp_path):
    empty = tmp_path / "empty.env"
    empty.write_text("", encoding="utf-8")
    result = docker_compose("config", "-q", env_file=empty)
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def test_env_file_example_committed_and_real_one_ignored():
    example = ENV_EXAMPLE.read_text(encoding="utf-8")
    assert re.search(r"^POSTGRES_PASSWORD=", example, re.MULTILINE)
    assert re.search(r"^ODOO_ADMIN_PASSWD=", example, re.MULTILINE)
    # the example leaves the loopback default and the proxy mode alone
    assert not re.search(r"^(ODOO_BIND|ODOO_PROXY_MODE)=", example, re.MULTILINE)
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/docker/.env" in ignored


def odoo_conf():
    parser = configparser.ConfigParser()
    parser.read(ROOT / "docker" / "odoo.conf", encoding="utf-8")
    return parser


def test_odoo_runs_as_production_does():
    """Workers, one cron thread, memory and time limits, no database list,
    queue_job loaded: Odoo's own production settings (issue 12, item 5)."""
    options = odoo_conf()["options"]
    assert int(options["workers"]) >= 2
    assert options["max_cron_threads"] == "1"
    for limit in ("limit_memory_soft", "limit_memory_hard", "limit_time_cpu", "limit_time_real"):
        assert int(options[limit]) > 0, limit
    assert int(options["limit_memory_soft"]) < int(options["limit_memory_hard"])
    assert options["list_db"] == "False"
    assert "queue_job" in options["server_wide_modules"]
    assert "/etc/odoo/journal.conf" in command_text(services()["odoo"])


def test_proxy_mode_only_behind_the_documented_proxy():
    """proxy_mode trusts X-Forwarded-*: only Odoo behind the proxy service,
    which is the only published way in and routes /websocket to the evented
    worker."""
    assert odoo_conf()["options"]["proxy_mode"] == "True"
    data = services()
    assert "ports" not in data["odoo"], "Odoo is reached through the proxy only"
    assert data["proxy"]["ports"] == ["${ODOO_BIND:-127.0.0.1}:8069:8080"]
    nginx = (ROOT / "docker" / "nginx.conf").read_text(encoding="utf-8")
    assert "location /websocket" in nginx and "odoo:8072" in nginx
    assert "X-Forwarded-Proto" in nginx and "X-Forwarded-Host" in nginx


def test_postgresql_tuned_with_its_reasons():
    db = services()["db"]
    settings = dict(
        item.split("=", 1) for item in db["command"] if isinstance(item, str) and "=" in item
    )
    for name in ("shared_buffers", "work_mem", "max_connections", "effective_cache_size"):
        assert name in settings, name
    text = COMPOSE.read_text(encoding="utf-8")
    assert "work_mem 32 MB" in text, "the reason is written beside the setting"
