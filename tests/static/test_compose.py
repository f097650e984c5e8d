"""The Compose file for users validates against the Compose specification."""

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers import ROOT

COMPOSE = ROOT / "docker" / "compose.yaml"
# Debian's docker-compose package ships the Compose specification's schema.
SPEC_CANDIDATES = [
    Path("/usr/lib/python3/dist-packages/compose/config/compose_spec.json"),
]


def test_compose_file_parses():
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    services = data["services"]
    assert {"db", "odoo", "init", "test"} <= set(services)
    assert services["odoo"]["image"].startswith("odoo:19")
    assert services["db"]["image"].startswith("postgres:")


def test_compose_matches_specification_schema():
    spec = next((path for path in SPEC_CANDIDATES if path.is_file()), None)
    if spec is None:
        pytest.skip(
            "the Compose specification schema is not installed (Debian package docker-compose)"
        )
    schema = json.loads(spec.read_text(encoding="utf-8"))
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    validator(schema).validate(data)


def test_docker_compose_config():
    if not shutil.which("docker-compose"):
        pytest.skip("docker-compose is not installed")
    result = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
