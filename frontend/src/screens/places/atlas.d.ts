// world-atlas ships TopoJSON files without type declarations.
declare module "world-atlas/countries-50m.json" {
  import type { Topology } from "topojson-specification";
  const topology: Topology;
  export default topology;
}
