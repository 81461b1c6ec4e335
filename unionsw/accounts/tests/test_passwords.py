"""Password policy: at least 8 characters from at least 3 of 4 classes (upper, lower, digit, symbol)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from unionsw.accounts.passwords import ComplexityValidator
from unionsw.accounts.services import password_change

validator = ComplexityValidator()


@pytest.mark.parametrize("password", ["Abcdef1", "Ab1!xyz"])
def test_it_refuses_seven_characters_even_with_every_class(password):
    with pytest.raises(ValidationError, match="至少 8 位"):
        validator.validate(password)


@pytest.mark.parametrize("password", ["Abcdefg1", "abcdefg1!", "ABCDEFG1!", "Abcdefgh!", "Ab1!Ab1!"])
def test_it_accepts_eight_characters_from_three_classes(password):
    validator.validate(password)


@pytest.mark.parametrize("password", ["abcdefgh", "abcdefg1", "ABCDEFG!", "12345678!", "abcdEFGH"])
def test_it_refuses_two_classes_at_any_length(password):
    with pytest.raises(ValidationError, match="至少 3 类"):
        validator.validate(password)


def test_the_configured_validators_include_the_complexity_rule(db):
    with pytest.raises(ValidationError, match="至少 3 类"):
        validate_password("onlylowercaseletters")
    validate_password("Zx9!kq7Lm")


def test_a_weak_new_password_changes_nothing(world):
    user = world.county_a_admin
    old_hash = user.password
    with pytest.raises(ValidationError):
        password_change(by=user, user=user, new_password="short1A")
    user.refresh_from_db()
    assert user.password == old_hash


def test_the_new_password_must_differ_from_the_old_one(world):
    user = world.county_a_admin
    with pytest.raises(ValidationError, match="不能与原密码相同"):
        password_change(by=user, user=user, new_password="Passw0rd!x")
