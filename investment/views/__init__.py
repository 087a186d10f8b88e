"""The investment pages, one module per section: the pipeline board (pipeline.py), the projects
(projects.py) and the 招引目标数据库 (leads.py); the activity pages have their own modules."""
