#!/usr/bin/python3
# test-atspi.py
#
# Copyright 2026 The Moisson authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What a screen reader (Orca) finds through AT-SPI: the départements of the
# map by name and count, in the list that follows the map, and a département
# chosen by keyboard shows in the side panel; each row of the initiatives
# says what it is; nothing in the window or its dialogs is announced by a
# type name, nothing one can focus or press is left without a name; F6 goes
# from area to area. Runs the real app under the session bus of
# dbus-run-session (see tests/meson.build). TAP output.

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

try:
    import gi
    gi.require_version('Atspi', '2.0')
    import pyatspi
    from gi.repository import Atspi, GLib
except Exception as error:  # noqa: BLE001 - any import problem means: skip
    print(f'1..0 # SKIP python3-pyatspi is not usable: {error}')
    sys.exit(0)

if not os.environ.get('DISPLAY'):
    print('1..0 # SKIP needs an X display: run under xvfb-run')
    sys.exit(0)

# A session bus of its own, whose daemons (the accessibility bus and its
# registry) write to their stdout: only TAP lines go to ours.
if '--in-session' not in sys.argv:
    runner = shutil.which('dbus-run-session')
    if runner is None:
        print('1..0 # SKIP dbus-run-session is missing (package dbus)')
        sys.exit(0)
    inner = subprocess.Popen([runner, '--', sys.executable, os.path.abspath(__file__), '--in-session'],
                             stdout=subprocess.PIPE, text=True)
    for line in inner.stdout:
        stream = sys.stdout if re.match(r'(ok|not ok|1\.\.|#)', line) else sys.stderr
        stream.write(line)
        stream.flush()
    sys.exit(inner.wait())

TESTS = 16
results = []


def report(ok, name, why=''):
    results.append(ok)
    print(f'{"ok" if ok else "not ok"} {len(results)} - {name}{" # " + why if why and not ok else ""}',
          flush=True)


def wait_for(find, what, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        while GLib.MainContext.default().iteration(False):
            pass
        try:
            found = find()
        except Exception:  # noqa: BLE001 - nodes come and go while the app starts
            found = None
        if found:
            return found
        time.sleep(0.2)
    raise TimeoutError(f'timed out waiting for {what}')


def walk_paths(node, path='', inside='', depth=0):
    """Every node showing under node, depth first, with the indices that
    lead to it and its nearest named ancestor: what a message needs to say
    which object."""
    if node is None or depth > 60:
        return
    yield node, path, inside
    try:
        count = node.childCount
        if node.name:
            inside = f'{node.getRoleName()} {node.name!r}'
    except Exception:  # noqa: BLE001
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:  # noqa: BLE001
            continue
        yield from walk_paths(child, f'{path}/{i}', inside, depth + 1)


def walk(node):
    """Every node showing under node, depth first."""
    for found, _, _ in walk_paths(node):
        yield found


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.get_process_id() == pid:
            return app
    return None


def find_named(app, pattern, role=None):
    for node in walk(app):
        if re.fullmatch(pattern, node.name or '') and (role is None or node.getRole() == role):
            return node
    return None


TAB, SPACE, RETURN, DOWN, RIGHT, F6 = 0xff09, 0x20, 0xff0d, 0xff54, 0xff53, 0xffc3
LETTER_N, COMMA = 0x6e, 0x2c
SHIFT, CONTROL = 1 << 0, 1 << 2


def press(keysym, modifiers=0):
    if modifiers:
        pyatspi.Registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_LOCKMODIFIERS)
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    if modifiers:
        pyatspi.Registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_UNLOCKMODIFIERS)
    time.sleep(0.15)


def press_until(keysym, condition, most, what):
    for _ in range(most):
        if condition():
            return
        press(keysym)
    if not condition():
        raise TimeoutError(f'{what}: not there after {most} presses')


# What GTK 4.8 says of whatever has no name of its own: its type.
TYPE_NAME = re.compile(r'(Gtk|Adw|Moisson)[A-Z]')

# What one can focus or press, and so must be able to name.
ACTIONABLE = {pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
              pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_ENTRY, pyatspi.ROLE_TEXT, pyatspi.ROLE_SPIN_BUTTON,
              pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_SLIDER,
              pyatspi.ROLE_LINK, pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_TABLE_CELL}
# Focusable containers that hand the focus on to what they hold.
CONTAINERS = {pyatspi.ROLE_SCROLL_PANE, pyatspi.ROLE_PANEL, pyatspi.ROLE_LIST, pyatspi.ROLE_TABLE,
              pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_FRAME}


def said_twice(name):
    """Whether name is a mnemonic label and its text: « _Save Save »."""
    half = len(name) // 2
    return '_' in name[:half] and name[:half].replace('_', '', 1) == name[half + 1:]


def misnamed(root, where):
    """What a screen reader would read wrongly under root: a type name for a
    name or a description, a label twice, or nothing for what one can focus
    or press."""
    problems, seen = [], 0
    for node, path, inside in walk_paths(root):
        try:
            role, role_name = node.getRole(), node.getRoleName()
            name, description = node.name or '', node.description or ''
            focusable = node.getState().contains(pyatspi.STATE_FOCUSABLE)
        except Exception:  # noqa: BLE001 - gone meanwhile
            continue
        seen += 1
        at = f'at {where}{path or "/"}{", in " + inside if inside else ""}'
        for what, text in (('name', name), ('description', description)):
            if TYPE_NAME.match(text):
                problems.append(f'{role_name} with the {what} {text!r} {at}')
        if said_twice(name):
            problems.append(f'{role_name} with the name {name!r}, said twice {at}')
        # A label says its text, if any; the focus never goes inside a
        # button, which is named.
        if (not name.strip() and (role in ACTIONABLE or (focusable and role not in CONTAINERS))
                and role != pyatspi.ROLE_LABEL and 'push button' not in inside):
            problems.append(f'{role_name} without a name {at}')
    return problems, seen


def report_names(root, what):
    problems, seen = misnamed(root, what)
    report(not problems, f'{what}: no type for a name, no label said twice, '
           f'a name for all one can focus or press ({seen} objects)', f'{len(problems)} wrong')
    for problem in problems:
        print(f'#   {problem}', flush=True)


def departement_names():
    """Code → name, from the table of the boundaries the app loads."""
    with open(os.path.join(os.environ['MOISSON_DATADIR'], 'departements', 'departements.dbf'), 'rb') as table:
        data = table.read()
    count, header, length = struct.unpack('<IHH', data[4:12])
    fields, offset = [], 32
    while data[offset] != 0x0d:
        fields.append((data[offset:offset + 11].split(b'\0')[0].decode(), data[offset + 16]))
        offset += 32
    names = {}
    for record in range(count):
        start, values = header + record * length + 1, {}
        for field, size in fields:
            values[field] = data[start:start + size].decode('utf-8').strip()
            start += size
        names[values['code']] = values['nom']
    return names


KINDS = {'project': 'project', 'team': 'innovation team or lab', 'place': 'place', 'network': 'network'}
STATUSES = {'idea': 'idea', 'experiment': 'experiment', 'running': 'running', 'ended': 'ended'}


def expected_row_names():
    """« Agrilocal, Drôme and Puy-de-Dôme, project running » for every
    initiative of the sample feed, from the feed's own values."""
    names = departement_names()
    with open(os.path.join(os.environ['MOISSON_DATADIR'], 'initiatives.json'), encoding='utf-8') as feed:
        items = json.load(feed)['initiatives']
    expected = []
    for item in items:
        places = [names[code] for code in item['departements']]
        where = f'{", ".join(places[:-1])} and {places[-1]}' if len(places) > 1 else places[0]
        expected.append(f'{item["title"]}, {where}, {KINDS[item["kind"]]} {STATUSES[item["status"]]}')
    return expected


def area_of(node):
    """The F6 area that holds node: header, map, filters, list or detail."""
    while node is not None:
        role, name = node.getRole(), node.name or ''
        if name == 'Go to a département':
            return 'header'
        if name.startswith('Map of the départements'):
            return 'map'
        if name == 'Search the initiatives':
            return 'filters'
        if role == pyatspi.ROLE_LIST and name == 'Initiatives':
            return 'list'
        if any(child is not None and child.name == 'Back' and child.getRole() == pyatspi.ROLE_PUSH_BUTTON
               for child in (node.getChildAtIndex(i) for i in range(node.childCount))):
            return 'detail'
        node = node.parent
    return 'elsewhere'


class FocusWatch:
    """The objects that get the focus, as Orca hears of them."""

    def __init__(self):
        self.focused = []
        self.listener = Atspi.EventListener.new(self.on_event)
        self.listener.register('object:state-changed:focused')

    def on_event(self, event):
        if event.detail1:
            self.focused.append(event.source)

    def press(self, keysym, modifiers=0):
        """The area the focus goes to with that key, or 'nowhere'."""
        before = len(self.focused)
        press(keysym, modifiers)
        try:
            wait_for(lambda: len(self.focused) > before, 'a focus event', 3.0)
        except TimeoutError:
            return 'nowhere'
        time.sleep(0.2)
        while GLib.MainContext.default().iteration(False):
            pass
        node = self.focused[-1]
        area = area_of(node)
        return area if area != 'elsewhere' else f'elsewhere ({node.getRoleName()} {node.name!r})'

    def close(self):
        self.listener.deregister('object:state-changed:focused')


def other_window(app, known):
    """A window of the app that is not among known."""
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is not None and window not in known and window.getRole() in (pyatspi.ROLE_FRAME, pyatspi.ROLE_DIALOG):
            return window
    return None


def expected_count(code):
    with open(os.path.join(os.environ['MOISSON_DATADIR'], 'initiatives.json'), encoding='utf-8') as feed:
        return sum(1 for item in json.load(feed)['initiatives'] if code in item.get('departements', []))


def count_shown(app):
    """The number of initiatives the side panel says it lists."""
    label = find_named(app, r'\d+ initiatives?', pyatspi.ROLE_LABEL)
    return int(label.name.split()[0]) if label else None


def run_with_preferences(feed_url, args, what):
    """Starts the app with feed-url set in a key file, returns the count shown."""
    home = tempfile.mkdtemp(prefix='moisson-atspi-')
    os.makedirs(os.path.join(home, 'glib-2.0', 'settings'))
    with open(os.path.join(home, 'glib-2.0', 'settings', 'keyfile'), 'w', encoding='utf-8') as keyfile:
        keyfile.write(f"[io/github/moisson/Moisson]\nfeed-url='{feed_url}'\n")
    env = dict(os.environ, XDG_CACHE_HOME=home, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home,
               GSETTINGS_BACKEND='keyfile', LANG='C.UTF-8', LANGUAGE='', LC_ALL='C.UTF-8')
    for name in ('GTK_A11Y', 'NO_AT_BRIDGE'):
        env.pop(name, None)
    process = subprocess.Popen([os.environ['MOISSON_BINARY']] + args, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        app = wait_for(lambda: find_app(process.pid), what)
        wait_for(lambda: count_shown(app) not in (None, 0), f'{what}: the count of initiatives')
        time.sleep(1.0)
        return count_shown(app)
    finally:
        process.terminate()
        process.wait(timeout=5)


def main():
    print(f'1..{TESTS}', flush=True)
    home = tempfile.mkdtemp(prefix='moisson-atspi-')
    env = dict(os.environ, XDG_CACHE_HOME=home, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home,
               GSETTINGS_BACKEND='memory', LANG='C.UTF-8', LANGUAGE='', LC_ALL='C.UTF-8')
    for name in ('GTK_A11Y', 'NO_AT_BRIDGE'):
        env.pop(name, None)
    app_process = subprocess.Popen([os.environ['MOISSON_BINARY']], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        app = wait_for(lambda: find_app(app_process.pid), 'the app on the accessibility bus')
        drome = expected_count('26')
        drome_name = f'Drôme, {drome} initiative{"s" if drome != 1 else ""}'

        # The map: focusable, named, described.
        map_node = wait_for(lambda: find_named(app, r'Map of the départements.*'), 'the map')
        states = map_node.getState()
        report(states.contains(pyatspi.STATE_FOCUSABLE) and 'Arrow keys' in (map_node.description or ''),
               'the map is focusable, named and tells its keys',
               f'name {map_node.name!r}, description {map_node.description!r}')

        # The keyboard alone from here: keys go to the window under the
        # pointer (no window manager), so put the pointer over the window.
        x, y, width, height = app.getChildAtIndex(0).queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        pyatspi.Registry.generateMouseEvent(x + width - 40, y + height - 40, 'abs')
        time.sleep(0.3)
        window = app.getChildAtIndex(0)

        # Each row of the initiatives says what it is, from the feed's values.
        initiatives = wait_for(lambda: find_named(app, 'Initiatives', pyatspi.ROLE_LIST), 'the list of initiatives')
        expected = expected_row_names()
        wait_for(lambda: initiatives.childCount >= len(expected), f'{len(expected)} rows of initiatives')
        where = next(f'the main window{path}' for node, path, _ in walk_paths(window) if node == initiatives)
        rows = [initiatives.getChildAtIndex(i) for i in range(initiatives.childCount)]
        names = [row.name for row in rows if row.getRole() == pyatspi.ROLE_LIST_ITEM]
        wrong = [f'list item {row.name!r} at {where}/{i}' for i, row in enumerate(rows)
                 if row.getRole() != pyatspi.ROLE_LIST_ITEM or row.name not in expected]
        wrong += [f'no list item named {name!r} under {where}' for name in expected if name not in names]
        report(len(names) == len(expected) and not wrong,
               f'the {len(expected)} rows of the list are named by title, départements, kind and status',
               f'{len(names)} rows; ' + '; '.join(wrong[:6]))

        report_names(window, 'the main window')

        # F6 goes from area to area, the list two keys from the map.
        watch = FocusWatch()
        try:
            for _ in range(5):
                if watch.press(F6) == 'map':
                    break
            forward = [watch.press(F6) for _ in range(4)]
            report(forward == ['filters', 'list', 'header', 'map'],
                   'F6 from the map goes to the filters, the list (two keys away), the header and back',
                   f'{forward}')
            backward = [watch.press(F6, SHIFT) for _ in range(4)]
            report(backward == ['header', 'list', 'filters', 'map'],
                   'Shift+F6 from the map goes to the header, the list, the filters and back', f'{backward}')
        finally:
            watch.close()

        # Tab to the « Départements » expander, Space unfolds it.
        expander = wait_for(lambda: find_named(app, 'Départements', pyatspi.ROLE_PUSH_BUTTON),
                            'the Départements expander')
        press_until(TAB, lambda: expander.getState().contains(pyatspi.STATE_FOCUSED), 60, 'Tab to the expander')
        press(SPACE)

        # Every département by name and count, once the feed is there.
        row = wait_for(lambda: find_named(app, re.escape(drome_name)), f'a node named “{drome_name}”')
        names = [node.name for node in walk(app) if re.fullmatch(r'.+, \d+ initiatives?', node.name or '')]
        report(len(names) >= 101 and names.count(drome_name) == 1,
               f'the 101 départements are named with their counts ({len(names)} found, “{drome_name}”)',
               f'{len(names)} names: {names[:5]}')

        # Tab into the list, Down to the Drôme, Enter chooses it.
        press(TAB)
        press_until(DOWN, lambda: row.getState().contains(pyatspi.STATE_FOCUSED), 110, 'Down to the Drôme')
        press(RETURN)
        title = wait_for(lambda: find_named(app, 'Drôme', pyatspi.ROLE_LABEL), 'the side panel to show the Drôme')
        report(title is not None, 'Tab, Down and Enter in the list show the Drôme in the side panel')

        # The map names where the keyboard is, for the screen reader to read.
        named = wait_for(lambda: map_node.name == f'Map of the départements: {drome_name}', 'the map label to follow')
        report(named, 'the map is named after the chosen département', f'name {map_node.name!r}')

        # Tab round to the map; the right arrow goes east, and the name says where.
        press_until(TAB, lambda: map_node.getState().contains(pyatspi.STATE_FOCUSED), 60, 'Tab to the map')
        # What Orca hears: a name change of the focused map.
        heard = []
        listener = Atspi.EventListener.new(lambda event: heard.append(event.source.get_name()))
        listener.register('object:property-change:accessible-name')
        press(RIGHT)
        moved = wait_for(lambda: re.fullmatch(r'Map of the départements: Hautes-Alpes, \d+ initiatives?', map_node.name),
                         'the map name after Right')
        wait_for(lambda: any('Hautes-Alpes' in (name or '') for name in heard), 'the name change event', 5.0)
        listener.deregister('object:property-change:accessible-name')
        report(moved, 'Right on the map goes from the Drôme to the Hautes-Alpes, and says so', f'name {map_node.name!r}')

        # An initiative on show: its detail takes the list's turn.
        watch = FocusWatch()
        try:
            for _ in range(5):
                if watch.press(F6) == 'list':
                    break
            press(RETURN)
            for _ in range(5):
                if watch.press(F6) == 'filters':
                    break
            after = watch.press(F6)
            report(after == 'detail', 'with an initiative on show, F6 goes from the filters to its detail', after)
        finally:
            watch.close()
        report_names(window, 'the main window with an initiative on show')

        # The contribution form, in the side panel.
        press(LETTER_N, CONTROL)
        wait_for(lambda: any(node.name == 'Title' and node.getState().contains(pyatspi.STATE_FOCUSED)
                             for node in walk(window)), 'Ctrl+N to take the focus to the title of the form')
        report_names(window, 'the main window with the contribution form')

        # The dialogs one opens from the window.
        known = [window]
        press(COMMA, CONTROL)
        preferences = wait_for(lambda: other_window(app, known), 'the preferences')
        time.sleep(1.0)
        report_names(preferences, 'the preferences')
        known.append(preferences)
        teams = find_named(window, 'Teams', pyatspi.ROLE_PUSH_BUTTON)
        teams.queryAction().doAction(0)
        directory = wait_for(lambda: other_window(app, known), 'the team directory')
        time.sleep(1.0)
        report_names(directory, 'the team directory')
    except Exception as error:  # noqa: BLE001 - report, never hang
        while len(results) < TESTS - 2:
            report(False, 'not reached', str(error))
    finally:
        app_process.terminate()
        try:
            app_process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            app_process.kill()

    # The feed of the preferences at start, and --feed winning over it.
    small = os.path.join(os.environ['G_TEST_SRCDIR'], 'data', 'feed-valid.json')
    sample = os.path.join(os.environ['MOISSON_DATADIR'], 'initiatives.json')
    with open(sample, encoding='utf-8') as feed:
        sample_count = len(json.load(feed)['initiatives'])
    try:
        shown = run_with_preferences(small, [], 'the app with a feed in its preferences')
        report(shown == 4, 'the feed of the preferences is loaded at start (4 initiatives)', f'{shown} shown')
        shown = run_with_preferences(small, ['--feed', sample], 'the app with --feed')
        report(shown == sample_count, f'--feed wins over the preferences ({sample_count} initiatives)', f'{shown} shown')
    except Exception as error:  # noqa: BLE001
        while len(results) < TESTS:
            report(False, 'not reached', str(error))
    return 0 if all(results) else 1


sys.exit(main())
