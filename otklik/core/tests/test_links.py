"""Public links: built on PUBLIC_BASE_URL, and refused loudly when no host is configured."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from otklik.core.links import public_url


def test_a_site_path_becomes_an_absolute_link_on_the_public_host(settings):
    settings.PUBLIC_BASE_URL = "https://otklik.example.gov.ru/"
    assert public_url("/o/minfin/feedback/we-did/") == "https://otklik.example.gov.ru/o/minfin/feedback/we-did/"
    assert public_url("o/minfin/") == "https://otklik.example.gov.ru/o/minfin/"


@pytest.mark.parametrize("base", ["", None, "otklik.example.gov.ru"])
def test_without_an_absolute_public_host_no_link_is_made(settings, base):
    settings.PUBLIC_BASE_URL = base
    with pytest.raises(ImproperlyConfigured, match="PUBLIC_BASE_URL"):
        public_url("/o/minfin/")
