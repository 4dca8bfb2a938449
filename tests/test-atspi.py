#!/usr/bin/python3
# test-atspi.py
#
# Copyright 2026 The Moisson authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What a screen reader (Orca) finds through AT-SPI: the départements of the
# map by name and count, in the list that follows the map, and a département
# chosen by keyboard shows in the side panel. Runs the real app under the
# session bus of dbus-run-session (see tests/meson.build). TAP output.

import json
import os
import re
import shutil
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

TESTS = 7
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


def walk(node, depth=0):
    """Every node showing under node, depth first."""
    if node is None or depth > 60:
        return
    yield node
    try:
        count = node.childCount
    except Exception:  # noqa: BLE001
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:  # noqa: BLE001
            continue
        yield from walk(child, depth + 1)


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


TAB, SPACE, RETURN, DOWN, RIGHT = 0xff09, 0x20, 0xff0d, 0xff54, 0xff53


def press(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    time.sleep(0.15)


def press_until(keysym, condition, most, what):
    for _ in range(most):
        if condition():
            return
        press(keysym)
    if not condition():
        raise TimeoutError(f'{what}: not there after {most} presses')


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
