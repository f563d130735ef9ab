"""The ``/v1`` routers and the review workspace's pages."""
