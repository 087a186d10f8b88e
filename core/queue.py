"""Putting work on the Celery queue, and saying so plainly when the queue is down.

With Redis down a `delay()` fails (quickly: see the Celery timeouts in settings); the caller
gets QueueUnavailable with a message for the user instead of a 500, and marks its work failed.
"""

import logging

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class QueueUnavailable(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def queue_down_message() -> str:
    return _("任务队列暂不可用（后台服务未连接），没有开始处理。请稍后重试，或联系系统管理员。")


def enqueue(task, *args, **kwargs):
    """task.delay(*args, **kwargs), or QueueUnavailable if it could not be queued."""
    if task.app.conf.task_always_eager:
        return task.delay(*args, **kwargs)  # runs here: its own errors are not the queue's
    try:
        return task.delay(*args, **kwargs)
    except Exception as exc:  # kombu OperationalError (broker), RuntimeError (result store), …
        logger.warning("could not queue %s%r: %s", task.name, args, exc)
        raise QueueUnavailable(queue_down_message()) from exc
