# Lifecycle events through python3-libvirt: registers a domain lifecycle callback on argv[1], runs
# argv[2] define/start/destroy/undefine cycles on a second connection, waits for the events, and
# prints them as JSON [[name, event, detail], ...]. The interop test checks that none is lost or
# out of order, against the same run on in-process test:///default.
import json
import sys
import threading
import time

import libvirt

URI = sys.argv[1]
CYCLES = int(sys.argv[2])

libvirt.virEventRegisterDefaultImpl()
stop = False


def loop():
    while not stop:
        libvirt.virEventRunDefaultImpl()


threading.Thread(target=loop, daemon=True).start()

events = []
done = threading.Event()


def on_lifecycle(_conn, dom, event, detail, _opaque):
    events.append([dom.name(), event, detail])
    if len(events) >= 4 * CYCLES:
        done.set()


watch = libvirt.open(URI)
cb = watch.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_lifecycle, None)

work = libvirt.open(URI)
for i in range(CYCLES):
    xml = ("<domain type='test'><name>ev%d</name><memory>65536</memory>"
           "<os><type>hvm</type></os></domain>") % i
    d = work.defineXML(xml)
    d.create()
    d.destroy()
    d.undefine()

done.wait(120)
# A moment for any event beyond the expected ones to show up.
time.sleep(0.5)
watch.domainEventDeregisterAny(cb)
stop = True
print(json.dumps(events))
