# A stdout callback for ansible-core (which ships no JSON one; ansible.posix's is not installed with
# ansible-core): prints one JSON document at the end, in the shape tests/helpers/ansible-oracle.ts reads:
# {"plays": [{"tasks": [{"task": {"name": ...}, "hosts": {host: result}}]}]}.
import json

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'oracle_json'

    def __init__(self):
        super().__init__()
        self.tasks = []

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.tasks.append({'task': {'name': task.get_name()}, 'hosts': {}})

    def _record(self, result, **extra):
        data = dict(result._result)
        data.update(extra)
        self.tasks[-1]['hosts'][result._host.get_name()] = data

    def v2_runner_on_ok(self, result):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._record(result, failed=True, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        self._display.display(json.dumps({'plays': [{'tasks': self.tasks}]}, default=str))
