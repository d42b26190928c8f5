# An action plugin for the differential Jinja tests: renders every expression case with the task's own
# Templar — the one that renders every task argument (what `debug: msg:` would show) — and every template
# file through the `template` lookup (the templar and search path the `template` action uses), catching
# each case's error on its own. A `debug` loop cannot do that: one case that fails fails the whole loop.
# The sources come from a JSON file, not from the task's arguments, so Ansible does not render them first.
import json

from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase
from ansible.plugins.loader import lookup_loader


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        with open(self._task.args['cases'], encoding='utf-8') as f:
            cases = json.load(f)
        template = lookup_loader.get('template', loader=self._loader, templar=self._templar)
        expressions = cases['expressions'].items()
        result['expressions'] = {n: self._outcome(lambda: self._templar.template(s)) for n, s in expressions}
        result['templates'] = {p: self._outcome(lambda: template.run([p], task_vars, convert_data=False)[0]) for p in cases['templates']}
        return result

    @staticmethod
    def _outcome(render):
        try:
            return {'ok': True, 'text': to_text(render())}
        except Exception as e:  # every failure is a result to compare: both tools must fail
            return {'ok': False, 'error': to_text(e)}
