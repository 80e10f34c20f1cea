// A 10 mm cube of second-order tetrahedra with named faces, for textbook checks through scenario files
// (gmsh unit-cube.geo -3 -format msh4 -o unit-cube.msh). Coordinates in millimetres.
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 10, 10, 10};
Physical Volume("block") = {1};
Physical Surface("xmin") = {1};
Physical Surface("xmax") = {2};
Physical Surface("ymin") = {3};
Physical Surface("ymax") = {4};
Physical Surface("zmin") = {5};
Physical Surface("zmax") = {6};
Mesh.CharacteristicLengthMax = 5;
Mesh.ElementOrder = 2;
