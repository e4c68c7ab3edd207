"""Serving Decent Work Lab: Voilà configured for a workshop room, with a lab gallery.

``python -m labserver`` (``make serve``) starts :class:`labserver.app.LabServer`, a Voilà
application whose front page is the translated gallery of labs.
"""
