"""A small reader of flattened device trees (DTB) for the host tools: nodes
with their properties, paths, phandles, and `reg`/`interrupts` decoding
that follows #address-cells, #size-cells and interrupt-parent."""
import struct

FDT_MAGIC = 0xd00dfeed
HEADER_SIZE = 40
BEGIN_NODE, END_NODE, PROP, NOP, END = 1, 2, 3, 4, 9


class Node:
    def __init__(self, name, parent):
        self.name = name
        self.parent = parent
        self.props = {}
        self.children = []

    @property
    def path(self):
        if self.parent is None:
            return "/"
        base = self.parent.path
        return (base if base.endswith("/") else base + "/") + self.name

    def u32(self, name, default=None):
        v = self.props.get(name)
        if v is None:
            return default
        if len(v) != 4:
            raise ValueError(f"{self.path}: {name} is not one cell")
        return struct.unpack(">I", v)[0]

    def cells(self, name):
        v = self.props.get(name, b"")
        if len(v) % 4:
            raise ValueError(f"{self.path}: {name} is not a whole number "
                             f"of cells ({len(v)} bytes)")
        return list(struct.unpack(f">{len(v) // 4}I", v))

    def string(self, name, default=None):
        v = self.props.get(name)
        return default if v is None else v.rstrip(b"\0").split(b"\0")[0].decode()

    def strings(self, name):
        v = self.props.get(name)
        return [] if v is None else [s.decode() for s in v.rstrip(b"\0").split(b"\0")]

    def enabled(self):
        return self.string("status", "okay") in ("okay", "ok")

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


class Tree:
    def __init__(self, blob):
        if len(blob) < HEADER_SIZE:
            raise ValueError("not a device tree blob")
        (magic, totalsize, off_struct, off_strings, _rsv, version, _last, _boot,
         size_strings, size_struct) = struct.unpack(">10I", blob[:HEADER_SIZE])
        if magic != FDT_MAGIC or totalsize > len(blob):
            raise ValueError("not a device tree blob")
        # Each block within the blob: what is read past them is no tree.
        if off_struct + size_struct > totalsize or \
                off_strings + size_strings > totalsize:
            raise ValueError("device tree blob: a block runs past its end")
        strings = blob[off_strings:off_strings + size_strings]
        pos, end = off_struct, off_struct + size_struct
        self.root = None
        node = None
        while pos < end:
            (tok,) = struct.unpack(">I", blob[pos:pos + 4])
            pos += 4
            if tok == BEGIN_NODE:
                nul = blob.index(b"\0", pos)
                name = blob[pos:nul].decode()
                pos = (nul + 4) & ~3
                child = Node(name, node)
                if node is None:
                    self.root = child
                else:
                    node.children.append(child)
                node = child
            elif tok == END_NODE:
                node = node.parent
            elif tok == PROP:
                length, nameoff = struct.unpack(">II", blob[pos:pos + 8])
                pos += 8
                pname = strings[nameoff:strings.index(b"\0", nameoff)].decode()
                node.props[pname] = blob[pos:pos + length]
                pos = (pos + length + 3) & ~3
            elif tok == NOP:
                continue
            elif tok == END:
                break
            else:
                raise ValueError(f"bad token {tok} at {pos - 4}")
        self.phandles = {n.u32("phandle"): n for n in self.root.walk() if "phandle" in n.props}

    @classmethod
    def load(cls, path):
        with open(path, "rb") as f:
            return cls(f.read())

    def find(self, path):
        node = self.root
        for part in [p for p in path.split("/") if p]:
            matches = [c for c in node.children
                       if c.name == part or c.name.split("@")[0] == part]
            if len(matches) != 1:
                return None
            node = matches[0]
        return node

    def find_path(self, path):
        """The node `path` names, an alias of /aliases with an optional
        "/rest" below it included (devicetree spec 3.3), or None;
        ValueError for an alias /aliases does not have."""
        if not path.startswith("/"):
            alias, _, rest = path.partition("/")
            aliases = self.find("/aliases")
            full = aliases.string(alias) if aliases else None
            if full is None:
                raise ValueError(f"no alias '{alias}' in /aliases")
            # A full path (devicetree spec 3.3), as the kernel's
            # fdt_path_offset_len() requires.
            if not full.startswith("/"):
                raise ValueError(f"alias '{alias}' is not a full path: {full!r}")
            path = full + ("/" + rest if rest else "")
        return self.find(path)

    def compatible(self, compat):
        return [n for n in self.root.walk() if compat in n.strings("compatible")]

    def reg(self, node):
        """[(address, size)] decoded with the parent's cell counts; for an
        ISA bus (2 address cells) the address keeps the space in bit 32+."""
        parent = node.parent
        ac = parent.u32("#address-cells", 2)
        sc = parent.u32("#size-cells", 1)
        cells = node.cells("reg")
        out = []
        step = ac + sc
        for i in range(0, len(cells) - step + 1, step):
            addr = 0
            for c in cells[i:i + ac]:
                addr = (addr << 32) | c
            size = 0
            for c in cells[i + ac:i + step]:
                size = (size << 32) | c
            out.append((addr, size))
        return out

    def irq_parent(self, node):
        """The controller of the node's `interrupts`: its interrupt-parent,
        else its parent if that is a controller, else the same asked of
        the parent (devicetree spec 2.4.1), as the kernel's fdt_irq()."""
        n = node
        while n is not None:
            if "interrupt-parent" in n.props:
                return self.phandles.get(n.u32("interrupt-parent"))
            n = n.parent
            if n is not None and "#interrupt-cells" in n.props:
                return n
        return None

    @staticmethod
    def _controller(node, ctl):
        """`ctl`, unless it is no interrupt controller (a nexus with
        interrupt-map, which is not followed): refused as the kernel's
        fdt_irq() refuses it, rather than taken for the wrong controller."""
        if ctl is not None and "interrupt-controller" not in ctl.props:
            raise ValueError(f"{node.path}: interrupt parent {ctl.path} is no "
                             "interrupt controller (interrupt-map is not "
                             "supported)")
        return ctl

    def interrupts(self, node):
        """[(controller node, [cells])] of the node's interrupts:
        interrupts-extended (each specifier after its controller's
        phandle) when the node has it, else interrupts. ValueError for an
        interrupt parent that is no controller."""
        if "interrupts-extended" in node.props:
            cells, out, i = node.cells("interrupts-extended"), [], 0
            while i < len(cells):
                ctl = self._controller(node, self.phandles.get(cells[i]))
                n = ctl.u32("#interrupt-cells", 1) if ctl else 0
                if not ctl or i + 1 + n > len(cells):
                    break
                out.append((ctl, cells[i + 1:i + 1 + n]))
                i += 1 + n
            return out
        if "interrupts" not in node.props:
            return []
        ctl = self._controller(node, self.irq_parent(node))
        if ctl is None:
            return []
        n = ctl.u32("#interrupt-cells", 1)
        cells = node.cells("interrupts")
        return [(ctl, cells[i:i + n]) for i in range(0, len(cells) - n + 1, n)]
