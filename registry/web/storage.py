"""Static files storage: hashed, compressed names for the files collectstatic has processed."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage; a file missing from the manifest keeps its plain name.

    Tests, and a checkout where `make serve` once ran collectstatic and a stylesheet was added
    since, then render pages instead of failing; a deploy runs collectstatic from its own code,
    so in production every file is in the manifest.
    """

    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name
