"""The admin layer (SPEC §5): registrations, row scoping, imports, the site, history, sign-in.

The registry's models are registered by registry.admin.registrations, which the app imports
when ready: this package holds the admin site's class too, which Django imports while it sets
the site up, before any model may be registered.
"""
