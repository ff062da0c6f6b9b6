"""Static files storage: hashed, compressed names once collectstatic has built the manifest."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, giving plain names while no manifest exists (tests)."""

    def stored_name(self, name):
        # Strict once `collectstatic` has run, so a file missing from a deploy still fails loudly.
        if not self.hashed_files:
            return name
        return super().stored_name(name)
