"""The investment pages, one module per section: the pipeline board (pipeline.py), the projects
(projects.py) and the 招引目标数据库 (leads.py) of issue 12 part A; part B adds its own modules."""
