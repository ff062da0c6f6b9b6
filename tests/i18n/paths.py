"""The public paths the language, accessibility and sharing checks visit."""

PUBLIC_PATHS = [
    "/",
    "/progress/",
    "/map/",
    "/centres/",
    "/parks/",
    "/companies/",
    "/cities/",
    "/reporting/",
    "/data/",
    "/centres/erc-lahore/",
    "/parks/stp-lahore/",
    "/companies/acme/",
    "/cities/lahore/",
]
