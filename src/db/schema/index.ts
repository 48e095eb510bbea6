export * from "./users";
export * from "./qualifications";
export * from "./events";
export * from "./participations";
export * from "./buildingBlocks";
export * from "./tokens";
export * from "./federation";
export * from "./sessions";
