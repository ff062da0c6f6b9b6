"""Admin form data the admin tests post: a record's fields as its change form sends them."""


def park_form(park, **changes):
    """Return the POST data of the park's change form, with the given fields changed."""
    data = {
        "name": park.name,
        "name_ur": park.name_ur,
        "slug": park.slug,
        "operator": park.operator_id,
        "status": park.status,
        "city": park.city_id,
        "address": park.address,
        "opened_on": park.opened_on.isoformat() if park.opened_on else "",
        "closed_on": "",
        "area_sqft": "",
        "seats": "",
        "latitude": "",
        "longitude": "",
        **empty_inlines("tenancies", "reports"),
    }
    data.update(changes)
    return data


def empty_inlines(*prefixes):
    """Return the management form data of empty inline formsets with the given prefixes."""
    data = {}
    for prefix in prefixes:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": 0,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    return data
