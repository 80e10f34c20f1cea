// Reading Gmsh .msh files: a generated model round-trips, hand-written files map physical groups to
// regions and surfaces, and every kind of bad file gives its documented error.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "anatomy_fixture.hpp"
#include "engine/mesh/quality.hpp"
#include "meshes/gmsh/msh_io.hpp"
#include "support.hpp"

namespace piriform {
namespace {

namespace fs = std::filesystem;

class MshFiles : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("piriform_msh_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  fs::path dir_;
};

// One unit tetrahedron (nodes 1-4) in volume entity 1, and its bottom face z = 0 in surface entity 1.
// `volume_physicals` / `surface_physicals`: the entities' physical-tag lists as written in $Entities.
std::string tet_msh(const std::string& names, const std::string& volume_physicals = "1 1",
                    const std::string& surface_physicals = "1 2",
                    const std::string& volume_element = "4 1\n2 1 2 3 4",
                    const std::string& version = "4.1") {
  std::ostringstream s;
  s << "$MeshFormat\n" << version << " 0 8\n$EndMeshFormat\n" << names;
  s << "$Entities\n0 0 1 1\n1 0 0 0 1 1 0 " << surface_physicals << " 0\n1 0 0 0 1 1 1 " << volume_physicals
    << " 1 1\n$EndEntities\n";
  s << "$Nodes\n1 4 1 4\n3 1 0 4\n1\n2\n3\n4\n0 0 0\n1 0 0\n0 1 0\n0 0 1\n$EndNodes\n";
  s << "$Elements\n2 2 1 2\n2 1 2 1\n1 1 3 2\n3 1 " << volume_element << "\n$EndElements\n";
  return s.str();
}

const std::string kNames = "$PhysicalNames\n2\n2 2 \"bottom\"\n3 1 \"block\"\n$EndPhysicalNames\n";

TEST_F(MshFiles, HandWrittenTetrahedronMapsPhysicalGroupsToRegionAndOutwardSurface) {
  const Mesh mesh = read_msh(write("tet.msh", tet_msh(kNames)), 1e-3);
  ASSERT_EQ(mesh.num_cells(), 1);
  EXPECT_EQ(mesh.cell_type, CellType::Tet4);
  EXPECT_EQ(mesh.region_names, std::vector<std::string>{"block"});
  EXPECT_NEAR(region_volumes(mesh)[0], 1e-9 / 6, 1e-24);  // millimetres scaled to metres
  const FacetSet& bottom = mesh.facet_set("bottom");
  ASSERT_EQ(bottom.size(), 1);
  // The file lists the face as 1 3 2 or 1 2 3 alike: the reader orients it out of the body.
  EXPECT_NEAR(facet_normal(mesh, bottom, 0).z(), -1.0, 1e-12);
  EXPECT_EQ(mesh.fibre.cols(), 0);
}

TEST_F(MshFiles, GeneratedModelRoundTripsWithRegionsSurfacesVolumesAndFibres) {
  const AnatomySpec spec = test::anatomy_spec("coarse", NerveVariant::B);
  const fs::path path = dir_ / "anatomy.msh";
  const Mesh generated = generate_anatomy(spec, {path});
  EXPECT_TRUE(fs::exists(path));
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename(), "anatomy.msh") << "temporary file left behind";
  const Mesh read = read_msh(path);
  EXPECT_EQ(read.region_names, generated.region_names);
  EXPECT_EQ(read.num_nodes(), generated.num_nodes());
  EXPECT_EQ(read.num_cells(), generated.num_cells());
  EXPECT_EQ(read.cell_region, generated.cell_region);
  const auto a = region_volumes(generated), b = region_volumes(read);
  for (std::size_t r = 0; r < a.size(); ++r) EXPECT_NEAR(b[r] / a[r], 1.0, 1e-12) << read.region_names[r];
  ASSERT_EQ(read.facet_sets.size(), generated.facet_sets.size());
  for (const auto& set : generated.facet_sets)
    EXPECT_EQ(read.facet_set(set.name).size(), set.size()) << set.name;
  // Coordinates are written with 16 significant digits; fibres survive as the "fibre" element-data view.
  EXPECT_LT((read.X - generated.X).cwiseAbs().maxCoeff(), 1e-15);
  ASSERT_EQ(read.fibre.cols(), read.num_cells());
  EXPECT_LT((read.fibre - generated.fibre).cwiseAbs().maxCoeff(), 1e-12);
}

TEST_F(MshFiles, MissingFileIsNamed) {
  const std::string m = test::input_error_message([&] { read_msh(dir_ / "nope.msh"); });
  EXPECT_NE(m.find("nope.msh: no such file"), std::string::npos) << m;
}

TEST_F(MshFiles, FileThatIsNotAMeshSaysSo) {
  const std::string m = test::input_error_message([&] { read_msh(write("notes.msh", "hello\n")); });
  EXPECT_NE(m.find("not a Gmsh mesh file"), std::string::npos) << m;
  const std::string empty = test::input_error_message([&] { read_msh(write("empty.msh", "")); });
  EXPECT_NE(empty.find("not a Gmsh mesh file"), std::string::npos) << empty;
}

TEST_F(MshFiles, VersionTwoFileIsRejectedWithTheConversionCommand) {
  const std::string m = test::input_error_message(
      [&] { read_msh(write("old.msh", tet_msh(kNames, "1 1", "1 2", "4 1\n2 1 2 3 4", "2.2"))); });
  EXPECT_NE(m.find("version 2.2 is not supported"), std::string::npos) << m;
  EXPECT_NE(m.find("-format msh4"), std::string::npos) << m;
}

TEST_F(MshFiles, TruncatedFileIsReportedAsUnreadable) {
  const std::string full = tet_msh(kNames);
  for (const std::string& cut : {full.substr(0, full.find("$EndNodes")), full.substr(0, full.find("1 1 3 2")),
                                 full.substr(0, full.find("$Entities") + 20)}) {
    const std::string m = test::input_error_message([&] { read_msh(write("cut.msh", cut)); });
    EXPECT_NE(m.find("cut.msh: "), std::string::npos) << m;
    EXPECT_NE(m.find("truncated"), std::string::npos) << m;
  }
}

TEST_F(MshFiles, CorruptSectionIsReportedWithGmshsMessage) {
  std::string text = tet_msh(kNames);
  text.replace(text.find("$Nodes\n1 4 1 4"), 14, "$Nodes\n1 4 1 9");  // node tags out of their declared range
  text.replace(text.find("\n4\n0 0 0"), 9, "\n9x\n0 0 0");
  const std::string m = test::input_error_message([&] { read_msh(write("bad.msh", text)); });
  EXPECT_NE(m.find("bad.msh: Gmsh could not read the file"), std::string::npos) << m;
}

TEST_F(MshFiles, FileWithoutPhysicalVolumesNamesTheFix) {
  const std::string m =
      test::input_error_message([&] { read_msh(write("bare.msh", tet_msh("", "0", "0"))); });
  EXPECT_NE(m.find("bare.msh: no physical volumes"), std::string::npos) << m;
}

TEST_F(MshFiles, UnsupportedElementTypeIsNamed) {
  // A 6-node prism (Gmsh type 6) in the volume.
  const std::string prism = "6 1\n2 1 2 3 4 4 4";
  const std::string m =
      test::input_error_message([&] { read_msh(write("prism.msh", tet_msh(kNames, "1 1", "1 2", prism))); });
  EXPECT_NE(m.find("prism.msh: physical volume 'block' has elements of type 'Prism 6'"), std::string::npos)
      << m;
}

TEST_F(MshFiles, PhysicalSurfaceInsideTheBodyIsRejected) {
  // Two tetrahedra sharing the face 2-3-4, which is the physical surface.
  const std::string text = "$MeshFormat\n4.1 0 8\n$EndMeshFormat\n" + kNames +
                           "$Entities\n0 0 1 1\n1 0 0 0 1 1 1 1 2 0\n1 0 0 0 1 1 1 1 1 1 1\n$EndEntities\n"
                           "$Nodes\n1 5 1 5\n3 1 0 5\n1\n2\n3\n4\n5\n0 0 0\n1 0 0\n0 1 0\n0 0 1\n1 1 1\n"
                           "$EndNodes\n$Elements\n2 3 1 3\n2 1 2 1\n1 2 3 4\n3 1 4 2\n2 1 2 3 4\n3 2 3 5 4\n"
                           "$EndElements\n";
  const std::string m = test::input_error_message([&] { read_msh(write("inner.msh", text)); });
  EXPECT_NE(m.find("surface 'bottom' lies inside the body"), std::string::npos) << m;
}

// The meshes kept in meshes/ must be what the generator makes today (regenerate: scripts/make-meshes).
TEST(ReadyMeshes, MatchTheCurrentGenerator) {
  for (NerveVariant variant : {NerveVariant::A, NerveVariant::B}) {
    const std::string name = variant == NerveVariant::A ? "anatomy-coarse-A.msh" : "anatomy-coarse-B.msh";
    const Mesh ready = read_msh(fs::path(PIRIFORM_SOURCE_DIR) / "meshes" / name);
    const Mesh& fresh = test::generated("coarse", variant).mesh;
    ASSERT_EQ(ready.num_nodes(), fresh.num_nodes()) << name << " is stale: run scripts/make-meshes";
    ASSERT_EQ(ready.cells, fresh.cells) << name;
    EXPECT_LT((ready.X - fresh.X).cwiseAbs().maxCoeff(), 1e-15) << name;
    EXPECT_EQ(ready.region_names, fresh.region_names) << name;
  }
}

}  // namespace
}  // namespace piriform
