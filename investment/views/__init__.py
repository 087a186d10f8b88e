"""The investment pages, one module per section (configuration of core's generic views)."""
