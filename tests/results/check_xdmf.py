#!/usr/bin/python3
# Checks an XDMF file written next to a piriform results file: every "file.h5:/path" reference must name an
# existing HDF5 dataset with the dimensions and number type the DataItem states, and every hyperslab must fit.
"""Usage: check_xdmf.py FILE.xdmf [--grids N]

Exit status 0 when every check passes, 1 when one fails (each problem is printed), 2 on usage errors or an
unreadable file. --grids N also requires exactly N uniform grids (one per completed output step).
"""
import os
import sys
import xml.etree.ElementTree as ET

import h5py

NUMBER_TYPES = {("Float", 8): "f8", ("Float", 4): "f4", ("Int", 8): "i8", ("Int", 4): "i4"}


def dims_of(item):
    return tuple(int(d) for d in item.get("Dimensions", "").split())


class Checker:
    def __init__(self, xdmf):
        self.xdmf = xdmf
        self.base = os.path.dirname(os.path.abspath(xdmf))
        self.files = {}
        self.problems = []
        self.references = 0

    def problem(self, text):
        self.problems.append(text)

    def dataset(self, reference):
        """The dataset a "file:/path" reference names, or None (with the problem recorded)."""
        name, sep, path = reference.strip().partition(":")
        if not sep or not path.startswith("/"):
            self.problem(f"reference '{reference.strip()}' is not of the form file.h5:/path")
            return None
        file_path = os.path.join(self.base, name)
        if file_path not in self.files:
            try:
                self.files[file_path] = h5py.File(file_path, "r")
            except OSError as e:
                self.problem(f"cannot open '{file_path}' referenced by the XDMF: {e}")
                self.files[file_path] = None
        h5 = self.files[file_path]
        if h5 is None:
            return None
        if path not in h5 or not isinstance(h5[path], h5py.Dataset):
            self.problem(f"'{name}:{path}' does not exist")
            return None
        return h5[path]

    def check_hdf_item(self, item):
        self.references += 1
        reference = (item.text or "").strip()
        data = self.dataset(reference)
        if data is None:
            return None
        stated = dims_of(item)
        if tuple(data.shape) != stated:
            self.problem(f"'{reference}' has shape {tuple(data.shape)}, the XDMF states {stated}")
        kind = NUMBER_TYPES.get((item.get("NumberType", "Float"), int(item.get("Precision", "4"))))
        if kind is not None and data.dtype != kind:
            self.problem(f"'{reference}' is {data.dtype}, the XDMF states {item.get('NumberType')} "
                         f"{item.get('Precision')}")
        return data

    def check_item(self, item):
        """Checks a DataItem; returns the dimensions of the values it yields."""
        if item.get("ItemType") == "HyperSlab":
            children = item.findall("DataItem")
            if len(children) != 2:
                self.problem("a HyperSlab DataItem needs a selection and a source DataItem")
                return dims_of(item)
            selection, source = children
            data = self.check_hdf_item(source) if source.get("Format") == "HDF" else None
            numbers = [int(v) for v in (selection.text or "").split()]
            rank = len(dims_of(source))
            if len(numbers) != 3 * rank:
                self.problem(f"hyperslab selection '{selection.text}' needs 3 x {rank} numbers")
                return dims_of(item)
            start, stride, count = numbers[:rank], numbers[rank:2 * rank], numbers[2 * rank:]
            if data is not None:
                for d in range(rank):
                    if count[d] < 1 or start[d] + (count[d] - 1) * stride[d] >= data.shape[d]:
                        self.problem(f"hyperslab {start}/{stride}/{count} does not fit {data.name} "
                                     f"of shape {tuple(data.shape)}")
                        break
            outer = dims_of(item)
            if product(outer) != product(count):
                self.problem(f"hyperslab states {outer} but selects {count}")
            return outer
        if item.get("Format") == "HDF":
            self.check_hdf_item(item)
        return dims_of(item)

    def run(self, expected_grids):
        try:
            root = ET.parse(self.xdmf).getroot()
        except (OSError, ET.ParseError) as e:
            print(f"cannot read '{self.xdmf}': {e}", file=sys.stderr)
            return 2
        if root.tag != "Xdmf":
            self.problem(f"root element is <{root.tag}>, expected <Xdmf>")
        grids = [g for g in root.iter("Grid") if g.get("GridType", "Uniform") == "Uniform"]
        if expected_grids is not None and len(grids) != expected_grids:
            self.problem(f"{len(grids)} uniform grids, expected {expected_grids}")
        for grid in grids:
            label = grid.get("Name", "?")
            if grid.find("Time") is None:
                self.problem(f"grid '{label}' has no Time")
            geometry = grid.find("Geometry/DataItem")
            topology = grid.find("Topology")
            nodes = self.check_item(geometry)[0] if geometry is not None else None
            cells = None
            if topology is not None and topology.find("DataItem") is not None:
                cells = self.check_item(topology.find("DataItem"))[0]
                if int(topology.get("NumberOfElements", cells)) != cells:
                    self.problem(f"grid '{label}': NumberOfElements {topology.get('NumberOfElements')} "
                                 f"but {cells} cells in the connectivity")
            else:
                self.problem(f"grid '{label}' has no Topology DataItem")
            for attribute in grid.findall("Attribute"):
                item = attribute.find("DataItem")
                if item is None:
                    self.problem(f"attribute '{attribute.get('Name')}' has no DataItem")
                    continue
                rows = self.check_item(item)[0]
                expected = nodes if attribute.get("Center", "Node") == "Node" else cells
                if expected is not None and rows != expected:
                    self.problem(f"grid '{label}': attribute '{attribute.get('Name')}' has {rows} rows, "
                                 f"expected {expected} ({attribute.get('Center')} centred)")
        for f in self.files.values():
            if f is not None:
                f.close()
        for p in self.problems:
            print(f"{self.xdmf}: {p}", file=sys.stderr)
        if self.problems:
            return 1
        print(f"{self.xdmf}: ok, {len(grids)} grids, {self.references} HDF5 references")
        return 0


def product(values):
    p = 1
    for v in values:
        p *= v
    return p


def main(argv):
    args = argv[1:]
    expected_grids = None
    if "--grids" in args:
        i = args.index("--grids")
        try:
            expected_grids = int(args[i + 1])
        except (IndexError, ValueError):
            print(__doc__, file=sys.stderr)
            return 2
        del args[i:i + 2]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    return Checker(args[0]).run(expected_grids)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
